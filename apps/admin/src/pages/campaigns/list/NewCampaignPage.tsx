import { Alert, SimpleGrid } from '@mantine/core';
import { usePresets } from '../../../api/hooks/campaigns';
import { useGeofences } from '../../../api/hooks/geofences';
import { useStores } from '../../../api/hooks/locations';
import { useSegments } from '../../../api/hooks/segments';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { can } from '../../../session/permissions';
import { useSession } from '../../../session/session-context';
import { BlankCampaignCard } from './BlankCampaignCard';
import { PresetCard } from './PresetCard';

/** The preset gallery and "Start blank"; each creates a draft and opens it. */
export function NewCampaignPage() {
  const { role } = useSession();
  const presets = usePresets();
  const geofences = useGeofences();
  const stores = useStores();
  const segments = useSegments();
  const refs = { geofences: geofences.data, stores: stores.data };
  if (role !== undefined && !can(role, 'edit')) {
    return (
      <>
        <PageHeader title="New campaign" />
        <Alert color="gray">Your role can read campaigns and their figures but not create them.</Alert>
      </>
    );
  }
  return (
    <>
      <PageHeader title="New campaign" description="Start from a preset (each says what it does and what it needs) or from a blank journey. You get a draft: nothing is sent until you activate it." />
      <QueryState query={presets}>
        {(data) => (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            {data.items.map((p) => <PresetCard key={p.key} preset={p} refs={refs} />)}
            <BlankCampaignCard refs={refs} segments={segments.data?.pages.flatMap((p) => p.items)} />
          </SimpleGrid>
        )}
      </QueryState>
    </>
  );
}
