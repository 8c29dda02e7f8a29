import { Accordion, Badge, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useCustomerJourneys, type CustomerJourney } from '../../api/hooks/customers';
import { formatDateTime } from '../../components/formatting';
import { QueryState } from '../../components/QueryState';

const OUTCOME_COLORS: Record<string, string> = { sent: 'teal', delivered: 'teal', opened: 'teal', clicked: 'teal', converted: 'teal', held: 'yellow', skipped: 'gray', failed: 'red' };

/** "skipped: no_consent (until …)": what happened and why, in one line. */
function why(outcome: string, reason: string | null, until: string | null): string {
  return [outcome, reason && `: ${reason.replace(/_/g, ' ')}`, until && ` (until ${formatDateTime(until)})`].filter(Boolean).join('');
}

function Enrolment({ journey }: { journey: CustomerJourney }) {
  return (
    <Accordion.Item value={journey.enrollmentId}>
      <Accordion.Control>
        <Group gap="xs" wrap="wrap">
          <Text size="sm" fw={600}>{journey.campaign.name}{journey.campaign.deleted ? ' (deleted)' : ''}</Text>
          <Badge size="sm" variant="light" color={OUTCOME_COLORS[journey.outcome] ?? 'blue'}>{journey.outcome}</Badge>
          <Text size="xs" c="dimmed">{journey.state} · enrolled {formatDateTime(journey.enrolledAt)}</Text>
        </Group>
      </Accordion.Control>
      <Accordion.Panel>
        <Stack gap={4}>
          <Text size="sm">Why: {why(journey.outcome, journey.reason, journey.until)}</Text>
          <Text size="xs" c="dimmed">
            Version {journey.version}{journey.variant ? ` · variant ${journey.variant}` : ''}{journey.holdout ? ' · holdout (never messaged)' : ''}
            {journey.endReason ? ` · ended: ${journey.endReason.replace(/_/g, ' ')}` : ''}{journey.nextRunAt ? ` · next step ${formatDateTime(journey.nextRunAt)}` : ''}
          </Text>
          {journey.lastError && <Text size="xs" c="red.8">Last error: {journey.lastError}</Text>}
          <List size="sm" spacing={2} aria-label={`Steps of ${journey.campaign.name}`}>
            {journey.steps.map((s) => (
              <List.Item key={s.seq}>
                {formatDateTime(s.at)} · {s.type ?? 'step'} “{s.stepId}”: {why(s.outcome, s.reason, s.until)}
                {s.message ? ` · ${s.message.channel} ${s.message.status}${s.message.to ? ` to ${s.message.to}` : ''}${s.message.error ? ` (${s.message.error})` : ''}` : ''}
              </List.Item>
            ))}
          </List>
        </Stack>
      </Accordion.Panel>
    </Accordion.Item>
  );
}

export function JourneysCard({ id }: { id: string }) {
  const journeys = useCustomerJourneys(id);
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="xs">Campaigns</Title>
      <QueryState query={journeys} isEmpty={(d) => d.pages[0].items.length === 0 && d.pages[0].skippedTriggers.length === 0}
        empty={<Text size="sm" c="dimmed">Not enrolled in any campaign.</Text>}>
        {(data) => (
          <Stack gap="xs">
            <Accordion variant="contained" chevronPosition="left">
              {data.pages.flatMap((p) => p.items).map((j) => <Enrolment key={j.enrollmentId} journey={j} />)}
            </Accordion>
            {journeys.hasNextPage && <Group><Button variant="default" size="xs" loading={journeys.isFetchingNextPage} onClick={() => void journeys.fetchNextPage()}>Show older enrolments</Button></Group>}
            {data.pages[0].skippedTriggers.length > 0 && (
              <>
                <Title order={3} size="h6">Triggers campaigns ignored</Title>
                <List size="sm">{data.pages[0].skippedTriggers.map((t) => <List.Item key={`${t.campaignId}-${t.eventId ?? t.at}`}>{t.campaignName}: {t.detail} ({formatDateTime(t.at)})</List.Item>)}</List>
              </>
            )}
          </Stack>
        )}
      </QueryState>
    </Card>
  );
}
