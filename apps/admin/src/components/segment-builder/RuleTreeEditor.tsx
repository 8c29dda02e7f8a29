import { Alert, Badge, Button, Group, Paper, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ConditionFields } from './ConditionFields';
import { CONDITION_TYPES, defaultCondition, problemsOnCondition, type ConditionType } from './conditions';
import type { FieldsProps } from './fields';
import { addChild, childrenOf, groupKind, isCondition, isGroup, isNot, itemPath, moveAt, removeAt, replaceAt, setGroupKind, toggleNot, type Condition, type NodePath, type NodeProblem, type RuleNode } from './rule-tree';

export interface RuleTreeEditorProps {
  tree: RuleNode;
  onChange: (tree: RuleNode) => void;
  /** The API's problems, placed at nodes (rule-tree problemsAtNodes). */
  problems: Record<NodePath, NodeProblem[]>;
  readOnly: boolean;
  stores: FieldsProps['stores'];
  geofences: FieldsProps['geofences'];
}

interface NodeProps {
  path: NodePath;
  node: RuleNode;
  editor: RuleTreeEditorProps;
  /** "condition 2 of the group", for the labels of the node's buttons. */
  name: string;
}

function ProblemList({ problems }: { problems: NodeProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <Alert color="red" p="xs" role="alert">
      {problems.map((p, i) => <Text key={i} size="sm">{p.field ? `${p.field}: ` : ''}{p.message}</Text>)}
    </Alert>
  );
}

/** Move up and down, negate, remove: the same buttons on every node but the root. */
function NodeActions({ path, editor, name, negated }: { path: NodePath; editor: RuleTreeEditorProps; name: string; negated?: boolean }) {
  if (editor.readOnly) return null;
  const { tree, onChange } = editor;
  return (
    <Group gap={4}>
      <Button size="compact-xs" variant="default" aria-label={`Move ${name} up`} onClick={() => onChange(moveAt(tree, path, -1).tree)}>Up</Button>
      <Button size="compact-xs" variant="default" aria-label={`Move ${name} down`} onClick={() => onChange(moveAt(tree, path, 1).tree)}>Down</Button>
      <Button size="compact-xs" variant="default" aria-label={negated ? `Stop negating ${name}` : `Negate ${name}`} onClick={() => onChange(toggleNot(tree, path))}>{negated ? 'Un-not' : 'Not'}</Button>
      <Button size="compact-xs" variant="light" color="red" aria-label={`Remove ${name}`} onClick={() => onChange(removeAt(tree, path))}>Remove</Button>
    </Group>
  );
}

function ConditionCard({ path, node, editor, name }: NodeProps & { node: Condition }) {
  const { tree, onChange, readOnly } = editor;
  const problems = editor.problems[path] ?? [];
  const firstStore = editor.stores[0]?.value;
  return (
    <Paper withBorder p="sm" data-testid="condition" data-path={path} style={problems.length ? { borderColor: 'var(--mantine-color-red-7)' } : undefined}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-end" gap="xs">
          <Select label={`Type of ${name}`} data={[...CONDITION_TYPES]} value={node.type} allowDeselect={false} readOnly={readOnly} w={220}
            onChange={(v) => v && v !== node.type && onChange(replaceAt(tree, path, defaultCondition(v as ConditionType, firstStore)))} />
          <NodeActions path={path} editor={editor} name={name} />
        </Group>
        <ProblemList problems={problemsOnCondition(node.type, problems)} />
        <ConditionFields condition={node} change={(next) => onChange(replaceAt(tree, path, next))} problems={problems} readOnly={readOnly} stores={editor.stores} geofences={editor.geofences} />
      </Stack>
    </Paper>
  );
}

function AddControls({ path, editor, kind }: { path: NodePath; editor: RuleTreeEditorProps; kind: 'all' | 'any' }) {
  const [type, setType] = useState<ConditionType>('tag');
  const add = (node: RuleNode) => editor.onChange(addChild(editor.tree, path, node));
  const where = path === '' ? 'the segment' : 'this group';
  return (
    <Group gap="xs" align="flex-end">
      <Select label={`Condition to add to ${where}`} data={[...CONDITION_TYPES]} value={type} allowDeselect={false} onChange={(v) => v && setType(v as ConditionType)} w={220} />
      <Button variant="light" onClick={() => add(defaultCondition(type, editor.stores[0]?.value))}>Add condition</Button>
      <Button variant="default" onClick={() => add(kind === 'all' ? { any: [] } : { all: [] })}>Add {kind === 'all' ? '“any of”' : '“all of”'} group</Button>
    </Group>
  );
}

function GroupCard({ path, node, editor, name }: NodeProps) {
  const kind = groupKind(node)!;
  const children = childrenOf(node);
  return (
    <Paper withBorder p="sm" bg={path === '' ? undefined : 'gray.0'} data-path={path}>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            <SegmentedControl size="xs" aria-label={`Match for ${name}`} data={[{ value: 'all', label: 'All of' }, { value: 'any', label: 'Any of' }]} value={kind} readOnly={editor.readOnly}
              onChange={(v) => editor.onChange(setGroupKind(editor.tree, path, v as 'all' | 'any'))} />
            <Text size="sm" c="dimmed">{kind === 'all' ? 'match every condition' : 'match at least one condition'}</Text>
          </Group>
          {path !== '' && <NodeActions path={path} editor={editor} name={name} />}
        </Group>
        <ProblemList problems={editor.problems[path] ?? []} />
        {children.length === 0 && <Text size="sm" c="dimmed">{kind === 'all' ? 'No conditions: everyone matches.' : 'No conditions: no one matches.'}</Text>}
        {children.map((child, i) => <NodeEditor key={i} path={itemPath(path, kind, i)} node={child} editor={editor} name={`condition ${i + 1}${path === '' ? '' : ` of ${name}`}`} />)}
        {!editor.readOnly && <AddControls path={path} editor={editor} kind={kind} />}
      </Stack>
    </Paper>
  );
}

function NodeEditor(props: NodeProps) {
  const { path, node, editor, name } = props;
  if (isGroup(node)) return <GroupCard {...props} name={name.replace(/^condition/, 'group')} />;
  if (isNot(node)) {
    return (
      <Paper withBorder p="sm" data-path={path} style={{ borderStyle: 'dashed' }}>
        <Stack gap="xs">
          <Group justify="space-between" gap="xs">
            <Badge color="dark" variant="light">Not</Badge>
            <NodeActions path={path} editor={editor} name={name} negated />
          </Group>
          <ProblemList problems={editor.problems[path] ?? []} />
          <NodeEditor path={path === '' ? 'not' : `${path}.not`} node={node.not} editor={editor} name={`negated ${name}`} />
        </Stack>
      </Paper>
    );
  }
  if (isCondition(node)) return <ConditionCard {...props} node={node} />;
  return null;
}

/** The rule tree as nested cards: groups (all / any), nots and conditions, each with the API's problems at it. */
export function RuleTreeEditor(props: RuleTreeEditorProps) {
  return <NodeEditor path="" node={props.tree} editor={props} name="the segment" />;
}
