// Settings: who is recording, the optional base-map source, alarm sound.
import { h, clear } from './dom.ts';
import { t } from './i18n.ts';
import { author, setAuthor, deviceId, tileUrl, setTileUrl, soundOn, setSound } from './device.ts';
import { beep, unlockAudio } from './alarm.ts';
import type { Screen } from './screen.ts';

export const settings: Screen = (root) => {
  const name = h('input', { id: 'author', value: author(), onchange: () => setAuthor(name.value) });
  const tiles = h('input', { id: 'tiles', value: tileUrl(), placeholder: 'http://10.0.0.2/tiles/{z}/{x}/{y}.png · pmtiles://…', onchange: () => setTileUrl(tiles.value) });
  const sound = h('input', { type: 'checkbox', checked: soundOn(), onchange: () => setSound(sound.checked) });
  clear(root,
    h('h2', null, t('settings.title')),
    h('label', null, t('settings.author'), name),
    h('p', { class: 'muted' }, t('settings.device'), ': ', deviceId()),
    h('label', null, t('settings.tiles'), tiles),
    h('label', { class: 'check' }, sound, t('settings.sound')),
    h('button', { class: 'btn big', onclick: () => { unlockAudio(); beep(); } }, t('settings.testAlarm')),
  );
  return undefined;
};
