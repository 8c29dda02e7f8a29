import { Button } from '@mantine/core';
import { useCloneCampaign, useDeleteCampaign, type CampaignListItem } from '../../../api/hooks/campaigns';
import { ConfirmAction } from '../../../components/ConfirmAction';
import { deletable } from '../lifecycle/lifecycle';

/** A new draft "<name> (copy)"; it shows in the list when the list is asked again. */
export function CloneButton({ campaign }: { campaign: CampaignListItem }) {
  const clone = useCloneCampaign();
  return (
    <Button size="compact-xs" variant="default" loading={clone.isPending} aria-label={`Clone ${campaign.name}`} onClick={() => clone.mutate(campaign.id)}
      title={clone.error ? clone.error.message : undefined}>
      Clone
    </Button>
  );
}

/** Drafts and archived campaigns; the API's refusal (e.g. it was activated meanwhile) shows in the dialog. */
export function DeleteButton({ campaign }: { campaign: CampaignListItem }) {
  const remove = useDeleteCampaign();
  // Kept while a refusal shows: the list, asked again, may already say the campaign is no longer deletable.
  if (!deletable(campaign.status) && !remove.error) return null;
  return (
    <ConfirmAction label="Delete" ariaLabel={`Delete ${campaign.name}`} title={`Delete “${campaign.name}”?`}
      consequence={campaign.status === 'draft'
        ? 'The draft is deleted. This cannot be undone.'
        : 'The campaign disappears from the list; what it sent and earned stays in the reports.'}
      confirmLabel="Delete" pending={remove.isPending} error={remove.error} onConfirm={(done) => remove.mutate(campaign.id, { onSuccess: done })} onDismiss={() => remove.reset()} />
  );
}
