// The map, loaded lazily (MapLibre is most of the app's weight): casualties, vehicles, facilities, threat zones,
// an MGRS grid, a position picker. Base map: the user's tile URL if set, else the offline GeoJSON shipped with the app.
import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, Map as MlMap, Marker, StyleSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// The worker is a separate module file: ship it as an asset (precached like the rest) and point MapLibre at it.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { Protocol } from 'pmtiles';
import { h } from '../dom.ts';
import { t, tc, getLang } from '../i18n.ts';
import { baseGeoJson, TOWNS } from './basemap.ts';
import { gridLines } from './utm.ts';
import { declutter } from './declutter.ts';
import { mgrs } from '../fmt.ts';
import { tileUrl } from '../device.ts';
import { PRECEDENCE_LETTER } from '../../../src/core/index.ts';
import type { Position } from '../../../src/core/index.ts';
import type { ConsoleData } from '../console/data.ts';
import { busyElsewhere, consoleName } from '../console/data.ts';
import { serverNow } from '../sync/clock.ts';
import { cs } from '../console/console-i18n.ts';

const CENTER: [number, number] = [37.6, 48.6];
maplibregl.setWorkerUrl(workerUrl);
// A PMTiles archive (raster) set by the user: pmtiles://http://10.0.0.2/area.pmtiles (local network, range requests).
maplibregl.addProtocol('pmtiles', new Protocol().tile);

function style(): StyleSpecification {
  const tiles = tileUrl();
  const raster = tiles !== '';
  const pm = tiles.startsWith('pmtiles://');
  return {
    version: 8,
    sources: {
      base: { type: 'geojson', data: baseGeoJson(getLang()) },
      ...(raster ? { tiles: pm ? { type: 'raster' as const, url: tiles, tileSize: 256 } : { type: 'raster' as const, tiles: [tiles], tileSize: 256 } } : {}),
      grid: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      zones: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      draft: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      leaders: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
    },
    layers: [
      { id: 'bg', type: 'background', paint: { 'background-color': '#0b1a26' } },
      { id: 'land', type: 'fill', source: 'base', filter: ['==', ['get', 'kind'], 'land'], paint: { 'fill-color': '#1a1f1a' } },
      ...(raster ? [{ id: 'tiles', type: 'raster' as const, source: 'tiles' }] : []),
      { id: 'region', type: 'fill', source: 'base', filter: ['==', ['get', 'kind'], 'region'], paint: { 'fill-color': '#243024', 'fill-opacity': raster ? 0 : 1 } },
      { id: 'region-line', type: 'line', source: 'base', filter: ['==', ['get', 'kind'], 'region'], paint: { 'line-color': '#6b7d6b', 'line-width': 1, 'line-dasharray': [3, 2] } },
      { id: 'river', type: 'line', source: 'base', filter: ['==', ['get', 'kind'], 'river'], paint: { 'line-color': '#3a7bd5', 'line-width': 2 } },
      { id: 'border', type: 'line', source: 'base', filter: ['==', ['get', 'kind'], 'border'], paint: { 'line-color': '#e0e0e0', 'line-width': 2.5, 'line-dasharray': [4, 2] } },
      { id: 'towns', type: 'circle', source: 'base', filter: ['==', ['get', 'kind'], 'town'], paint: { 'circle-radius': 4, 'circle-color': '#cfcfcf' } },
      { id: 'grid', type: 'line', source: 'grid', paint: { 'line-color': '#ffd54a', 'line-opacity': ['case', ['get', 'major'], 0.8, 0.35], 'line-width': ['case', ['get', 'major'], 1.5, 0.7] } },
      { id: 'zones-fill', type: 'fill', source: 'zones', paint: { 'fill-color': '#ff3b30', 'fill-opacity': ['case', ['get', 'active'], 0.3, 0.1] } },
      { id: 'zones-line', type: 'line', source: 'zones', paint: { 'line-color': '#ff3b30', 'line-width': 2 } },
      // A marker moved aside to stay readable: a thin line from its label back to the true position (a dot).
      { id: 'leaders', type: 'line', source: 'leaders', filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': '#ffffff', 'line-width': 1.5, 'line-opacity': 0.8 } },
      { id: 'leader-dots', type: 'circle', source: 'leaders', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 4, 'circle-color': '#ffffff', 'circle-stroke-color': '#000000', 'circle-stroke-width': 1 } },
      { id: 'draft-line', type: 'line', source: 'draft', paint: { 'line-color': '#00e5ff', 'line-width': 2 } },
      { id: 'draft-pts', type: 'circle', source: 'draft', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 5, 'circle-color': '#00e5ff' } },
    ],
  };
}

/** MapLibre's own words (the map's and its buttons' names, the scale's unit) read "Map", "Zoom in", "20 km" in uk. */
const UK_CONTROLS = { 'Map.Title': 'Мапа', 'Marker.Title': 'Позначка на мапі', 'NavigationControl.ZoomIn': 'Збільшити', 'NavigationControl.ZoomOut': 'Зменшити', 'ScaleControl.Kilometers': 'км', 'ScaleControl.Meters': 'м' };

function baseMap(container: HTMLElement, center: [number, number] = CENTER, zoom = 8): MlMap {
  const el = h('div', { class: 'ml' });
  const cursor = h('div', { class: 'map-cursor mono' });
  container.replaceChildren(el, cursor);
  const map = new maplibregl.Map({ container: el, style: style(), center, zoom, attributionControl: false, maxZoom: 16, ...(getLang() === 'uk' ? { locale: UK_CONTROLS } : {}) });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  for (const town of TOWNS)
    new maplibregl.Marker({ element: h('div', { class: 'town-label' }, getLang() === 'uk' ? town.uk : town.name), anchor: 'top', offset: [0, 4] }).setLngLat(town.at).addTo(map);
  const grid = (): void => {
    const z = map.getZoom();
    const step = z >= 12 ? 1000 : z >= 9 ? 10000 : 100000;
    const b = map.getBounds();
    void (map.getSource('grid') as GeoJSONSource | undefined)?.setData(gridLines({ west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() }, step));
  };
  map.on('load', grid);
  map.on('moveend', grid);
  map.on('mousemove', (e) => (cursor.textContent = t('map.cursor', { mgrs: mgrs({ lat: e.lngLat.lat, lon: e.lngLat.lng }) })));
  return map;
}

export interface ConsoleMap {
  update(d: ConsoleData): void;
  drawPolygon(progress: (n: number) => void, done: (poly: Position[]) => void): void;
  finishDrawing(): void;
  destroy(): void;
}

export function consoleMap(container: HTMLElement): ConsoleMap {
  const map = baseMap(container);
  let markers: { m: Marker; at: [number, number] }[] = [];
  let last: ConsoleData | null = null;
  let loaded = false;
  map.on('load', () => {
    loaded = true;
    if (last) update(last);
  });
  // Nearby markers would pile up: move overlapping labels apart on screen (first in the list keeps its place:
  // casualties, most urgent first, then vehicles, then facilities), with a leader line back to the true position.
  /** The leader lines last drawn (as JSON). */
  let leaders = '';
  const layout = (): void => {
    const boxes = markers.map(({ m, at }) => {
      const p = map.project(at);
      const el = m.getElement();
      return { x: p.x, y: p.y, w: el.offsetWidth, h: el.offsetHeight };
    });
    const offs = declutter(boxes);
    const features: GeoJSON.Feature[] = [];
    markers.forEach(({ m, at }, i) => {
      const [dx, dy] = offs[i]!;
      m.setOffset([dx, dy]);
      m.getElement().classList.toggle('moved', dx !== 0 || dy !== 0);
      if (dx === 0 && dy === 0) return;
      const b = boxes[i]!;
      // The line ends at the label's nearest edge.
      const ex = b.x + dx - Math.sign(dx) * Math.min(Math.abs(dx), b.w / 2);
      const ey = b.y + dy - Math.sign(dy) * Math.min(Math.abs(dy), b.h / 2);
      const end = map.unproject([ex, ey]);
      features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [at, [end.lng, end.lat]] } });
      features.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: at } });
    });
    // Only when they changed: new data draws the map again, which ends in 'idle', which lays out again — set every
    // time, the map drew itself ~14 times a second for as long as the console was open (1.6 cores in software GL).
    const next = JSON.stringify(features);
    if (next === leaders) return;
    leaders = next;
    void (map.getSource('leaders') as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features });
  };
  let queued = 0;
  const relayout = (): void => {
    if (!queued) queued = requestAnimationFrame(() => ((queued = 0), layout()));
  };
  map.on('zoom', relayout);
  map.on('rotate', relayout);
  // At rest (moved, drawn, labels laid out for the final view): `data-idle`, what a test or a developer can wait for.
  map.on('movestart', () => container.removeAttribute('data-idle'));
  map.on('idle', () => {
    layout();
    container.setAttribute('data-idle', '');
  });
  // The first markers frame the map, once: it opened on a fixed place, and a brigade elsewhere saw an empty map with
  // every marker off screen. Later data never moves it (the dispatcher's own pan and zoom stay).
  let fitted = false;
  const fitTo = (pts: [number, number][]): void => {
    fitted = true;
    const b = new maplibregl.LngLatBounds(pts[0], pts[0]);
    for (const p of pts) b.extend(p);
    map.fitBounds(b, { padding: 48, maxZoom: 12, duration: 0 });
  };
  const now = (): number => serverNow(); // corrected for the phone's measured clock offset (SYNC-15)
  /** What the markers and zones last showed (as text): a live update that changes neither redraws nothing. */
  let shownMarkers = '';
  let shownZones = '';
  function update(d: ConsoleData): void {
    last = d;
    if (!loaded) return;
    const next: { el: HTMLElement; at: [number, number] }[] = [];
    const add = (el: HTMLElement, p: Position | undefined | null): void => {
      if (p) next.push({ el, at: [p.lon, p.lat] });
    };
    const rank = (p: keyof typeof PRECEDENCE_LETTER | null | undefined): number => (p ? PRECEDENCE_LETTER[p].charCodeAt(0) : 99);
    for (const e of [...d.evacs].sort((a, b) => rank(a.precedence) - rank(b.precedence)))
      add(h('div', { class: `mk casualty prec-${e.precedence ?? 'none'}`, 'data-marker': e.casualtyId, title: mgrs(e.nineLine?.location) },
        `${e.precedence ? PRECEDENCE_LETTER[e.precedence] : '?'} ${consoleName(e.identity, e.casualtyId, d.shared)}`), e.nineLine?.location);
    for (const x of d.incidents ?? [])
      add(h('button', { class: 'mk incident', type: 'button', 'data-incident-marker': x.id, title: mgrs(x.position), onclick: () => x.open() }, `⚠ ${x.label}`), x.position);
    const onJob = new Set(d.evacs.map((e) => e.vehicleId));
    const status = (v: (typeof d.vehicles)[number]): string => (v.status !== 'available' ? tc('vstatus', v.status) : busyElsewhere(v) ? cs('vehicle.elsewhere') : onJob.has(v.id) ? cs('vehicle.onJob') : tc('vstatus', v.status));
    for (const v of d.vehicles) add(h('div', { class: `mk vehicle vs-${v.status}`, title: `${v.name ?? v.id} ${status(v)}` }, `▲ ${v.name ?? v.id}`), v.position);
    for (const f of d.facilities) add(h('div', { class: `mk facility fs-${f.status}`, title: `${f.name} ${mgrs(f.position)}` }, `✚ ${f.name} (${f.role})`), f.position);
    // Every event the console hears lands here, most of them changing no marker: placing and laying out ~40 markers
    // again (each one's size read back from the page) was a sixth of the console's CPU. The markers' text, classes and
    // places say all a marker shows (an incident's button opens it by the id it carries).
    const markersNow = next.map(({ el, at }) => `${el.outerHTML} ${at.join(',')}`).join('\n');
    if (markersNow !== shownMarkers) {
      shownMarkers = markersNow;
      markers.forEach(({ m }) => m.remove());
      markers = next.map(({ el, at }) => ({ m: new maplibregl.Marker({ element: el }).setLngLat(at).addTo(map), at }));
      if (!fitted && next.length) fitTo(next.map((x) => x.at));
      layout();
    }
    const zones: GeoJSON.FeatureCollection = {
      type: 'FeatureCollection',
      features: d.zones.map((z) => ({
        type: 'Feature',
        properties: { id: z.id, active: (!z.from || Date.parse(z.from) <= now()) && (!z.to || Date.parse(z.to) >= now()) },
        geometry: { type: 'Polygon', coordinates: [[...z.polygon, z.polygon[0]!].map((p) => [p.lon, p.lat])] },
      })),
    };
    // New data draws the whole map again (in software GL on most of the machines this runs on): only when it changed.
    const zonesNow = JSON.stringify(zones);
    if (zonesNow === shownZones) return;
    shownZones = zonesNow;
    void (map.getSource('zones') as GeoJSONSource).setData(zones);
  }
  let drawing: { pts: Position[]; progress: (n: number) => void; done: (p: Position[]) => void } | null = null;
  const renderDraft = (): void => {
    const pts = drawing?.pts ?? [];
    void (map.getSource('draft') as GeoJSONSource | undefined)?.setData({
      type: 'FeatureCollection',
      features: [
        ...pts.map((p) => ({ type: 'Feature' as const, properties: {}, geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] } })),
        ...(pts.length > 1 ? [{ type: 'Feature' as const, properties: {}, geometry: { type: 'LineString' as const, coordinates: [...pts, pts[0]!].map((p) => [p.lon, p.lat]) } }] : []),
      ],
    });
  };
  map.on('click', (e) => {
    if (!drawing) return;
    drawing.pts.push({ lat: e.lngLat.lat, lon: e.lngLat.lng });
    drawing.progress(drawing.pts.length);
    renderDraft();
  });
  const finishDrawing = (): void => {
    if (!drawing) return;
    const d = drawing;
    drawing = null;
    map.doubleClickZoom.enable();
    map.getCanvas().style.cursor = '';
    renderDraft();
    d.done(d.pts);
  };
  return {
    update,
    drawPolygon(progress, done) {
      drawing = { pts: [], progress, done };
      map.doubleClickZoom.disable();
      map.getCanvas().style.cursor = 'crosshair';
      progress(0);
    },
    finishDrawing,
    destroy: () => map.remove(),
  };
}

/** Let the user tap a position; resolves when confirmed. */
export function pickPosition(container: HTMLElement, initial: Position | null): Promise<Position> {
  return new Promise((resolve) => {
    const holder = h('div', { class: 'pick-map' });
    const label = h('p', { class: 'mono', id: 'pick-mgrs' }, t('map.pickHint'));
    const ok = h('button', { class: 'btn big primary', id: 'pick-ok', disabled: true }, '✓');
    container.replaceChildren(holder, label, ok);
    const map = baseMap(holder, initial ? [initial.lon, initial.lat] : CENTER, initial ? 12 : 8);
    let pos: Position | null = initial;
    const marker = new maplibregl.Marker({ color: '#ffb000' });
    if (initial) marker.setLngLat([initial.lon, initial.lat]).addTo(map);
    map.on('click', (e) => {
      pos = { lat: e.lngLat.lat, lon: e.lngLat.lng };
      marker.setLngLat(e.lngLat).addTo(map);
      label.textContent = mgrs(pos);
      ok.disabled = false;
    });
    ok.addEventListener('click', () => {
      if (!pos) return;
      map.remove();
      resolve(pos);
    });
  });
}
