import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';

interface ConfirmActionProps {
  /** The button's text, and its accessible name when `ariaLabel` is not given. */
  label: string;
  ariaLabel?: string;
  title: string;
  /** What happens, in a sentence. */
  consequence: string;
  confirmLabel: string;
  pending: boolean;
  error: Error | null;
  /** Runs the action; calls `done` on success so the dialog closes. */
  onConfirm: (done: () => void) => void;
  /** Called when the dialog is dismissed (Cancel, Escape, the close button). */
  onDismiss?: () => void;
}

/** A destructive action behind a confirmation dialog that says what will happen; the API's refusal shows in it. */
export function ConfirmAction({ label, ariaLabel, title, consequence, confirmLabel, pending, error, onConfirm, onDismiss }: ConfirmActionProps) {
  const [open, setOpen] = useState(false);
  const dismiss = () => {
    setOpen(false);
    onDismiss?.();
  };
  return (
    <>
      <Button size="compact-xs" color="red" variant="light" onClick={() => setOpen(true)} aria-label={ariaLabel ?? label}>{label}</Button>
      <Modal opened={open} onClose={dismiss} title={title}>
        <Stack>
          <Text size="sm">{consequence}</Text>
          {error && <Alert color="red" role="alert">{error.message}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={dismiss}>Cancel</Button>
            <Button color="red" loading={pending} onClick={() => onConfirm(() => setOpen(false))}>{confirmLabel}</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
