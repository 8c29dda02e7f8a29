import { Box, Loader, Text } from '@mantine/core';
import { lazy, Suspense, useId } from 'react';
import { problemText } from '../template-draft';
import type { CodeEditorProps } from './code-editor-props';

// CodeMirror is loaded with the first editor on screen, never with the app's first page.
const CodeMirrorEditor = lazy(() => import('./CodeMirrorEditor'));

/** A labelled Handlebars code editor with the API's problems at their lines and, in words, below it. */
export function CodeEditor({ label, description, minRows = 3, ...props }: Omit<CodeEditorProps, 'labelId' | 'describedBy'> & { label: string; description?: string; minRows?: number }) {
  const id = useId();
  const error = problemText(props.problems);
  const describedBy = [description ? `${id}-description` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <Box style={{ '--code-editor-min-height': `${minRows * 1.45}em` }}>
      <Text id={`${id}-label`} size="sm" fw={500} mb={2}>{label}</Text>
      {description && <Text id={`${id}-description`} size="xs" c="dimmed" mb={4}>{description}</Text>}
      <Suspense fallback={<Loader size="sm" role="status" aria-label={`Loading the ${label} editor`} />}>
        <CodeMirrorEditor {...props} labelId={`${id}-label`} describedBy={describedBy} />
      </Suspense>
      {error && <Text id={`${id}-error`} size="xs" c="red.8" mt={4} role="alert" data-testid={`problem-${props.name}`}>{error}</Text>}
    </Box>
  );
}
