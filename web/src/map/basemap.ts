// A minimal offline base map of the demo area (Donetsk region, eastern Ukraine): a rough outline of the region, the
// state border, the Siverskyi Donets river and towns. Hand-written approximate coordinates: orientation, not navigation.
import type { FeatureCollection } from 'geojson';
type P = [number, number]; // [lon, lat]

export const TOWNS: { name: string; uk: string; at: P }[] = [
  { name: 'Kramatorsk', uk: 'Краматорськ', at: [37.584, 48.739] },
  { name: 'Sloviansk', uk: 'Слов’янськ', at: [37.605, 48.853] },
  { name: 'Druzhkivka', uk: 'Дружківка', at: [37.529, 48.62] },
  { name: 'Kostiantynivka', uk: 'Костянтинівка', at: [37.717, 48.533] },
  { name: 'Pokrovsk', uk: 'Покровськ', at: [37.176, 48.283] },
  { name: 'Myrnohrad', uk: 'Мирноград', at: [37.267, 48.3] },
  { name: 'Dobropillia', uk: 'Добропілля', at: [37.083, 48.467] },
  { name: 'Bakhmut', uk: 'Бахмут', at: [38.0, 48.595] },
  { name: 'Chasiv Yar', uk: 'Часів Яр', at: [37.835, 48.587] },
  { name: 'Lyman', uk: 'Лиман', at: [37.802, 48.989] },
  { name: 'Siversk', uk: 'Сіверськ', at: [38.1, 48.867] },
  { name: 'Izium', uk: 'Ізюм', at: [37.257, 49.21] },
  { name: 'Toretsk', uk: 'Торецьк', at: [37.847, 48.398] },
  { name: 'Kurakhove', uk: 'Курахове', at: [37.283, 47.983] },
  { name: 'Donetsk', uk: 'Донецьк', at: [37.803, 48.016] },
  { name: 'Horlivka', uk: 'Горлівка', at: [38.093, 48.334] },
  { name: 'Barvinkove', uk: 'Барвінкове', at: [37.027, 48.905] },
];

const region: P[] = [
  [36.55, 49.1], [37.0, 49.35], [37.6, 49.3], [38.05, 49.1], [38.35, 48.95], [38.6, 48.65], [38.75, 48.3], [38.55, 47.95],
  [38.3, 47.6], [38.25, 47.25], [37.6, 46.95], [37.0, 47.05], [36.7, 47.5], [36.6, 47.95], [36.65, 48.4], [36.45, 48.75], [36.55, 49.1],
];
const border: P[] = [[37.9, 50.4], [38.3, 50.1], [39.2, 49.95], [40.1, 49.6], [40.05, 49.0], [39.75, 48.4], [39.9, 47.85], [38.9, 47.85], [38.25, 47.25]];
const river: P[] = [[36.7, 49.75], [37.0, 49.45], [37.27, 49.2], [37.55, 49.05], [37.85, 48.9], [38.1, 48.86], [38.45, 48.92], [38.8, 48.75], [39.3, 48.6], [39.9, 48.4]];

export function baseGeoJson(lang: 'uk' | 'en'): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { kind: 'land' }, geometry: { type: 'Polygon', coordinates: [[[34, 46], [42, 46], [42, 51], [34, 51], [34, 46]]] } },
      { type: 'Feature', properties: { kind: 'region' }, geometry: { type: 'Polygon', coordinates: [region] } },
      { type: 'Feature', properties: { kind: 'border' }, geometry: { type: 'LineString', coordinates: border } },
      { type: 'Feature', properties: { kind: 'river' }, geometry: { type: 'LineString', coordinates: river } },
      ...TOWNS.map((t) => ({ type: 'Feature' as const, properties: { kind: 'town', name: lang === 'uk' ? t.uk : t.name }, geometry: { type: 'Point' as const, coordinates: t.at } })),
    ],
  };
}
