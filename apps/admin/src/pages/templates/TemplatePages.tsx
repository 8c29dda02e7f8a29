import { useParams, useSearch } from '@tanstack/react-router';
import { useTemplate } from '../../api/hooks/templates';
import { QueryState } from '../../components/QueryState';
import { draftOf, emptyDraft } from './template-draft';
import { TemplateEditor } from './TemplateEditor';

/** /templates/new?channel=sms|email */
export function NewTemplatePage() {
  const { channel } = useSearch({ from: '/app/templates/new' });
  // Keyed by channel: switching starts a fresh draft.
  return <TemplateEditor key={channel} initial={emptyDraft(channel)} />;
}

/** /templates/$templateId */
export function EditTemplatePage() {
  const { templateId } = useParams({ from: '/app/templates/$templateId' });
  const template = useTemplate(templateId);
  return <QueryState query={template}>{(t) => <TemplateEditor key={t.id} id={t.id} initial={draftOf(t)} />}</QueryState>;
}
