import { Alert, Stack } from '@mantine/core';
import { useSettings } from '../../api/hooks/settings';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { can } from '../../session/permissions';
import { useSession } from '../../session/session-context';
import { BusinessProfileForm } from './BusinessProfileForm';
import { SectionForm } from './SectionForm';
import { SenderEmailStatus } from './SenderEmailStatus';
import { SettingsNav } from './SettingsNav';

export function SettingsPage() {
  const { role, me } = useSession();
  const settings = useSettings();
  const editable = can(role, 'manageSettings');
  return (
    <>
      <PageHeader title="Settings" description="Senders, quiet hours, caps, costs, attribution and A/B defaults for every campaign of the business." />
      <SettingsNav />
      <Stack>
        {!editable && <Alert color="gray">Only owners change settings; you see them as they are.</Alert>}
        {me && <BusinessProfileForm key={me.business.id} business={me.business} editable={editable} />}
        <QueryState query={settings}>
          {(s) => (
            <>
              <SectionForm section="senderEmail" title="Email sender" description="Who your emails come from." settings={s} editable={editable}>
                <SenderEmailStatus settings={s} editable={editable} />
              </SectionForm>
              <SectionForm section="senderSms" title="SMS sender" description="The number or messaging service your texts come from." settings={s} editable={editable} />
              <SectionForm section="quietHours" title="Quiet hours" description="When messages may be sent, in each customer's time zone; a message due outside is held until the window opens." settings={s} editable={editable} />
              <SectionForm section="frequencyCap" title="Frequency caps" description="At most this many messages per customer over all campaigns; at the cap a message is held until a slot frees, never dropped." settings={s} editable={editable} />
              <SectionForm section="costs" title="Costs" description="What a message costs you, for spend and ROI in the reports." settings={s} editable={editable} />
              <SectionForm section="attribution" title="Attribution windows" description="How long after a click or an open an order is credited to the message." settings={s} editable={editable} />
              <SectionForm section="experiments" title="A/B testing defaults" settings={s} editable={editable}
                description="What a split's automatic winner uses where the campaign does not say, copied into the campaign when it is saved (a running test keeps its rules); reports judge splits without one by these." />
              <SectionForm section="consent" title="Consent" description="Who may receive marketing email." settings={s} editable={editable} />
              <SectionForm section="contact" title="Contact details" description="How customers reach you; templates can show them." settings={s} editable={editable} />
            </>
          )}
        </QueryState>
      </Stack>
    </>
  );
}
