import { Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { conditionToPolygon, parseCorners, polygonToCondition } from '../map/geometry';
import { problemAt, type FieldsProps } from './fields';

function cornersText(condition: object): string {
  return (conditionToPolygon(condition) ?? []).map((p) => `${p.lat}, ${p.lng}`).join('\n');
}

/**
 * The polygon's corners as text, one "latitude, longitude" per line: the
 * keyboard's way to give a polygon (the map draws and edits the same one).
 * What is typed stays until it reads as a polygon; then it becomes the condition.
 */
export function PolygonField({ condition, change, problems, readOnly }: FieldsProps) {
  const fromCondition = cornersText(condition);
  const [text, setText] = useState(fromCondition);
  const [typedError, setTypedError] = useState<string>();
  // A polygon edited on the map replaces the text (unless the text already says the same corners).
  useEffect(() => {
    setText((current) => {
      const parsed = parseCorners(current);
      return 'corners' in parsed && cornersText(polygonToCondition(parsed.corners)) === fromCondition ? current : fromCondition;
    });
  }, [fromCondition]);
  return (
    <Textarea
      label="Corners" description="One “latitude, longitude” per line, at least 3" autosize minRows={3} maxRows={8} value={text} readOnly={readOnly}
      error={typedError ?? problemAt(problems, 'polygon')}
      onChange={(e) => {
        const value = e.currentTarget.value;
        setText(value);
        const parsed = parseCorners(value);
        setTypedError('error' in parsed ? parsed.error : undefined);
        if ('corners' in parsed) change({ ...polygonToCondition(parsed.corners) });
      }}
    />
  );
}
