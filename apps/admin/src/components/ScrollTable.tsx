import { Table, type TableProps } from '@mantine/core';

/**
 * A table that scrolls sideways on narrow screens. The scrolling region is a
 * labelled, focusable landmark so keyboard users can scroll it too.
 */
export function ScrollTable({ label, minWidth = 640, children, ...props }: TableProps & { label: string; minWidth?: number }) {
  return (
    <Table.ScrollContainer minWidth={minWidth} type="native" tabIndex={0} role="region" aria-label={label}>
      <Table striped highlightOnHover {...props}>
        {children}
      </Table>
    </Table.ScrollContainer>
  );
}
