import { Anchor } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import type { ReactNode } from 'react';

/** The campaign's page (the journey editor's route, /campaigns/$campaignId). */
export const campaignPath = (id: string) => `/campaigns/${id}`;

/**
 * Goes to a campaign's page. The route belongs to the journey editor; until it is in this
 * router's typed tree the path is passed untyped (an unknown path shows the not-found page).
 */
export function useOpenCampaign(): (id: string) => void {
  const navigate = useNavigate();
  return (id) => void navigate({ to: campaignPath(id) as never });
}

export function CampaignLink({ id, children }: { id: string; children: ReactNode }) {
  const open = useOpenCampaign();
  return (
    <Anchor href={`/admin${campaignPath(id)}`} onClick={(e) => { if (!e.metaKey && !e.ctrlKey) { e.preventDefault(); open(id); } }}>{children}</Anchor>
  );
}
