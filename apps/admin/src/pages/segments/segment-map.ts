import { circleToCondition, conditionToCircle, conditionToPolygon, polygonToCondition, type LatLng, type MapStore } from '../../components/map/geometry';
import type { EditedShape, MapDot, MapShape } from '../../components/map/map-types';
import { addChild, conditionsOf, isGroup, replaceAt, type NodePath, type NodeProblem, type RuleNode } from '../../components/segment-builder/rule-tree';

/** The circles and polygons of a definition's near and inside conditions, keyed by their paths (a negated one is labelled so). */
export function shapesOf(tree: RuleNode, stores: MapStore[], problems: Record<NodePath, NodeProblem[]> = {}): MapShape[] {
  return conditionsOf(tree).flatMap(({ path, condition }, i): MapShape[] => {
    const label = `${path.includes('not') ? 'Not ' : ''}condition ${i + 1}`;
    const problem = (problems[path] ?? []).length > 0;
    if (condition.type === 'near') {
      const circle = conditionToCircle(condition, stores);
      const store = typeof condition.storeId === 'string' ? stores.find((s) => s.id === condition.storeId) : undefined;
      return circle ? [{ key: path, kind: 'circle', ...circle, label: store ? `${label}, ${store.name}` : label, problem }] : [];
    }
    if (condition.type === 'inside') {
      const corners = conditionToPolygon(condition);
      return corners ? [{ key: path, kind: 'polygon', corners, label, problem }] : [];
    }
    return [];
  });
}

/** The segment's root is a group (the builder keeps it so): drawn shapes join it. */
function addToRoot(tree: RuleNode, node: RuleNode): RuleNode {
  return isGroup(tree) ? addChild(tree, '', node) : { all: [tree, node] };
}

export function addCircle(tree: RuleNode, center: LatLng, radiusMeters: number, stores: MapStore[]): RuleNode {
  return addToRoot(tree, circleToCondition(center, radiusMeters, stores));
}

export function addPolygon(tree: RuleNode, corners: LatLng[]): RuleNode {
  return addToRoot(tree, polygonToCondition(corners));
}

/** "Within N metres of store S" (the keyboard's way to a radius). */
export function addStoreRadius(tree: RuleNode, storeId: string, radiusMeters: number): RuleNode {
  return addToRoot(tree, { type: 'near', storeId, radiusMeters });
}

/** A shape edited on the map replaces its condition (a circle moved onto a store snaps to it). */
export function applyEditedShape(tree: RuleNode, path: NodePath, shape: EditedShape, stores: MapStore[]): RuleNode {
  return replaceAt(tree, path, shape.kind === 'circle' ? circleToCondition(shape.center, shape.radiusMeters, stores) : polygonToCondition(shape.corners));
}

/** Sample customers with a location, as dots. */
export function customerDots(sample: { id: string; lat: number | null; lng: number | null }[]): MapDot[] {
  return sample.flatMap((c) => (c.lat !== null && c.lng !== null ? [{ id: c.id, lat: c.lat, lng: c.lng }] : []));
}

