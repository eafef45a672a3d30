// Front/back body diagram. Regions are the core's BodyRegion codes; on the front view the casualty's right side is
// on the viewer's left.
import type { BodyRegion } from '../../../src/core/index.ts';

type Shape = { region: BodyRegion; el: string };
const SVGNS = 'http://www.w3.org/2000/svg';

function shapes(view: 'front' | 'back'): Shape[] {
  const L: 'right' | 'left' = view === 'front' ? 'right' : 'left'; // the side drawn on the viewer's left
  const R: 'right' | 'left' = L === 'right' ? 'left' : 'right';
  // Drawn 1.5× (300 px wide, style.css): every region is at least 30 units, 45 px, across both ways (a gloved thumb).
  const torso: Shape[] =
    view === 'front'
      ? [
          { region: 'chest', el: 'rect x=65 y=86 width=70 height=56 rx=8' },
          { region: 'abdomen', el: 'rect x=65 y=143 width=70 height=40 rx=4' },
          { region: 'pelvis', el: 'rect x=65 y=184 width=70 height=30 rx=6' },
        ]
      : [
          { region: 'back', el: 'rect x=65 y=86 width=70 height=97 rx=8' },
          { region: 'buttocks', el: 'rect x=65 y=184 width=70 height=30 rx=6' },
        ];
  return [
    { region: 'head', el: 'circle cx=100 cy=30 r=26' },
    ...(view === 'front' ? [{ region: 'face' as const, el: 'ellipse cx=100 cy=36 rx=15 ry=15' }] : []),
    { region: 'neck', el: 'rect x=85 y=56 width=30 height=30' },
    ...torso,
    { region: `${L}-arm`, el: 'rect x=34 y=88 width=30 height=110 rx=10' },
    { region: `${R}-arm`, el: 'rect x=136 y=88 width=30 height=110 rx=10' },
    { region: `${L}-hand`, el: 'ellipse cx=49 cy=214 rx=15 ry=15' },
    { region: `${R}-hand`, el: 'ellipse cx=151 cy=214 rx=15 ry=15' },
    { region: `${L}-leg`, el: 'rect x=66 y=216 width=32 height=140 rx=10' },
    { region: `${R}-leg`, el: 'rect x=102 y=216 width=32 height=140 rx=10' },
    { region: `${L}-foot`, el: 'ellipse cx=82 cy=372 rx=18 ry=15' },
    { region: `${R}-foot`, el: 'ellipse cx=118 cy=372 rx=18 ry=15' },
  ] as Shape[];
}

export function bodySvg(view: 'front' | 'back', marked: Set<string>, onPick: (r: BodyRegion) => void): SVGSVGElement {
  const svg = document.createElementNS(SVGNS, 'svg');
  svg.setAttribute('viewBox', '0 0 200 392');
  svg.setAttribute('class', 'body');
  svg.setAttribute('data-view', view);
  for (const s of shapes(view)) {
    const [tag, ...attrs] = s.el.split(' ');
    const el = document.createElementNS(SVGNS, tag!);
    for (const a of attrs) {
      const [k, v] = a.split('=');
      el.setAttribute(k!, v!);
    }
    el.setAttribute('data-region', s.region);
    el.setAttribute('class', marked.has(s.region) ? 'region marked' : 'region');
    el.addEventListener('click', () => onPick(s.region));
    svg.append(el);
  }
  return svg;
}
