import type L from 'leaflet';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { Tooltip, type TooltipProps } from 'react-leaflet';

/**
 * A tooltip whose text Leaflet puts in place as it opens it. react-leaflet's
 * own children arrive a render later, through a portal: in between the
 * tooltip is in the page with no text, which screen readers (and axe) meet
 * as a nameless tooltip. The text goes in as a text node, never as HTML.
 */
export function TextTooltip({ text, ...options }: Omit<TooltipProps, 'children' | 'content'> & { text: string }) {
  const tooltip = useRef<L.Tooltip>(null);
  const node = useMemo(() => document.createElement('span'), []);
  useLayoutEffect(() => {
    node.textContent = text;
    tooltip.current?.update();
  }, [node, text]);
  return <Tooltip ref={tooltip} {...options} content={node} />;
}
