import { useNavigate } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { AnchorLink } from '../../../components/links';

/** Goes to a campaign's page (the journey editor). */
export function useOpenCampaign(): (id: string) => void {
  const navigate = useNavigate();
  return (id) => void navigate({ to: '/campaigns/$campaignId', params: { campaignId: id } });
}

export function CampaignLink({ id, children }: { id: string; children: ReactNode }) {
  return <AnchorLink to="/campaigns/$campaignId" params={{ campaignId: id }}>{children}</AnchorLink>;
}
