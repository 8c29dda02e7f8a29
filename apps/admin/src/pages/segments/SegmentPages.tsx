import { Stack } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useSegment } from '../../api/hooks/segments';
import { QueryState } from '../../components/QueryState';
import { withGroupRoot, type RuleNode } from '../../components/segment-builder/rule-tree';
import { MembersTable } from './MembersTable';
import { SegmentBuilder } from './SegmentBuilder';

/** /segments/new: an empty "all" group to start from (it matches everyone until a condition is added). */
export function NewSegmentPage() {
  return <SegmentBuilder initial={{ name: '', description: '', definition: { all: [] } }} />;
}

/** /segments/$segmentId: the saved segment in the builder, and its members below. */
export function EditSegmentPage() {
  const { segmentId } = useParams({ from: '/app/segments/$segmentId' });
  const segment = useSegment(segmentId);
  return (
    <QueryState query={segment}>
      {(s) => (
        <Stack gap="md">
          {/* Keyed by id: another segment starts a fresh draft. */}
          <SegmentBuilder key={s.id} id={s.id} initial={{ name: s.name, description: s.description ?? '', definition: withGroupRoot(s.definition as RuleNode) }} />
          <MembersTable segment={s} />
        </Stack>
      )}
    </QueryState>
  );
}
