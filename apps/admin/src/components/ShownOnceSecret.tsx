import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';

/** A secret the API shows once (a new API key): the value, a copy button and the warning. */
export function ShownOnceSecret({ label, value }: { label: string; value: string }) {
  return (
    <Alert color="yellow" title={label} role="status">
      <Stack gap="xs">
        <Text size="sm">Copy it now: it is shown only this once and cannot be recovered.</Text>
        <Group gap="xs" wrap="nowrap" align="center">
          <Code data-testid="secret-value" style={{ wordBreak: 'break-all' }}>{value}</Code>
          <CopyButton value={value}>
            {({ copied, copy }) => (
              <Button size="xs" variant={copied ? 'filled' : 'light'} onClick={copy} aria-label={`Copy ${label}`}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Alert>
  );
}
