// Strings of the staffing-template editor (issue 12), English and Ukrainian typed alike.
import { strings } from '../i18n-table.ts';
import { getLang } from '../i18n.ts';
import type { Profession } from '../../../src/core/index.ts';

export const en = {
  'tpl.title': 'Staffing templates',
  'tpl.help': 'What each kind of unit or facility needs: the roles, how many, who fills them and who may stand in. A saved change is recorded in the workforce log and the gaps are recomputed from it.',
  'tpl.back': 'Back to staff',
  'tpl.open': 'Edit staffing templates',
  'tpl.choose': 'Template',
  'tpl.source': 'Source: {s}',
  'tpl.surgical': 'Operates (tables limited by complete surgical teams)',
  'tpl.count': 'How many',
  'tpl.perPlatoon': 'per platoon',
  'tpl.level': 'Weakest credential accepted',
  'tpl.level.1': '1: clinically active in a hospital',
  'tpl.level.2': '2: active elsewhere, verified',
  'tpl.level.3': '3: licensed, not active',
  'tpl.level.4': '4: skills without a licence',
  'tpl.weeks': 'Training at least (weeks)',
  'tpl.cases': 'Cases in the last 12 months at least',
  'tpl.critical': 'Critical: without it the site cannot do its job (red flag)',
  'tpl.accepts': 'Who fills it ({n})',
  'tpl.substitutes': 'Who may stand in ({n})',
  'tpl.remove': 'Remove this role',
  'tpl.add': 'Add a role',
  'tpl.newRole': 'New role (letters, digits, dashes)',
  'tpl.save': 'Save template',
  'tpl.saving': 'Saving…',
  'tpl.saved': 'Saved and recorded in the workforce log.',
  'tpl.unchanged': 'Nothing changed.',
  'tpl.invalid': 'Not saved: {m}',
  'tpl.forbidden': 'Only the personnel officer or an administrator may change staffing templates.',
  'tpl.none': 'At least one profession must fill each role.',
  'tpl.badRole': 'A role name is letters, digits and dashes, and is not used twice in one template.',
  'tpl.name': 'Name',
  'tpl.retire': 'Retire this template',
  'tpl.reinstate': 'Reinstate',
  'tpl.retiredTag': 'retired',
  'tpl.retiredNote': 'Retired: its sites no longer count in gaps or proposals. Nothing is deleted; its history is kept below.',
  'tpl.retiredDone': 'Retired and recorded in the workforce log.',
  'tpl.reinstated': 'Reinstated and recorded in the workforce log.',
  'tpl.new': 'New template, starting as a copy of this one',
  'tpl.newName': 'Name of the new template',
  'tpl.create': 'Create',
  'tpl.created': 'Created and recorded in the workforce log.',
  'tpl.needName': 'Give the new template a name.',
  'tpl.history': 'History ({n} versions recorded)',
  'tpl.historyRow': '{at}: “{name}”, {roles} roles, by {who}{retired}',
  'tpl.historyRowUnsigned': '{at}: “{name}”, {roles} roles{retired}',
  'tpl.historyRetired': ' — retired',
  'tpl.shipped': 'Shipped default: no version recorded yet.',
} as const;

export type TplKey = keyof typeof en;

export const uk: Record<TplKey, string> = {
  'tpl.title': 'Штатні шаблони',
  'tpl.help': 'Що потрібно кожному типу підрозділу чи закладу: посади, скільки людей, хто їх обіймає і хто може заміщати. Збережена зміна записується до журналу персоналу, і нестачі перераховуються за нею.',
  'tpl.back': 'Назад до персоналу',
  'tpl.open': 'Редагувати штатні шаблони',
  'tpl.choose': 'Шаблон',
  'tpl.source': 'Джерело: {s}',
  'tpl.surgical': 'Оперує (столи обмежені повними хірургічними бригадами)',
  'tpl.count': 'Скільки',
  'tpl.perPlatoon': 'на взвод',
  'tpl.level': 'Найслабший прийнятний рівень підтвердження',
  'tpl.level.1': '1: практикує в лікарні',
  'tpl.level.2': '2: практикує деінде, перевірено',
  'tpl.level.3': '3: має ліцензію, не практикує',
  'tpl.level.4': '4: навички без ліцензії',
  'tpl.weeks': 'Навчання щонайменше (тижнів)',
  'tpl.cases': 'Випадків за останні 12 місяців щонайменше',
  'tpl.critical': 'Критична: без неї заклад не може працювати (червоний прапорець)',
  'tpl.accepts': 'Хто обіймає ({n})',
  'tpl.substitutes': 'Хто може заміщати ({n})',
  'tpl.remove': 'Вилучити посаду',
  'tpl.add': 'Додати посаду',
  'tpl.newRole': 'Нова посада (латинські літери, цифри, дефіси)',
  'tpl.save': 'Зберегти шаблон',
  'tpl.saving': 'Збереження…',
  'tpl.saved': 'Збережено й записано до журналу персоналу.',
  'tpl.unchanged': 'Нічого не змінено.',
  'tpl.invalid': 'Не збережено: {m}',
  'tpl.forbidden': 'Змінювати штатні шаблони можуть лише кадровик або адміністратор.',
  'tpl.none': 'Кожну посаду має обіймати хоча б одна професія.',
  'tpl.badRole': 'Назва посади — латинські літери, цифри й дефіси, без повторів в одному шаблоні.',
  'tpl.name': 'Назва',
  'tpl.retire': 'Вивести шаблон з ужитку',
  'tpl.reinstate': 'Повернути до вжитку',
  'tpl.retiredTag': 'виведено з ужитку',
  'tpl.retiredNote': 'Виведено з ужитку: його заклади більше не враховуються в нестачах і пропозиціях. Нічого не видалено; історію збережено нижче.',
  'tpl.retiredDone': 'Виведено з ужитку й записано до журналу персоналу.',
  'tpl.reinstated': 'Повернуто до вжитку й записано до журналу персоналу.',
  'tpl.new': 'Новий шаблон — спершу копія цього',
  'tpl.newName': 'Назва нового шаблону',
  'tpl.create': 'Створити',
  'tpl.created': 'Створено й записано до журналу персоналу.',
  'tpl.needName': 'Дайте новому шаблону назву.',
  'tpl.history': 'Історія (записано версій: {n})',
  'tpl.historyRow': '{at}: «{name}», посад: {roles}, автор: {who}{retired}',
  'tpl.historyRowUnsigned': '{at}: «{name}», посад: {roles}{retired}',
  'tpl.historyRetired': ' — виведено з ужитку',
  'tpl.shipped': 'Типовий шаблон: жодної версії ще не записано.',
};

export const tt = strings(en, uk);

/** Profession names for the editor's check lists. */
export const PROFESSION_NAMES: { en: Record<Profession, string>; uk: Record<Profession, string> } = {
  en: {
    'combat-medic': 'combat medic', paramedic: 'paramedic', nurse: 'nurse', 'or-nurse': 'OR nurse', lpn: 'practical nurse (LPN)',
    'nurse-anaesthetist': 'nurse anaesthetist', anaesthesiologist: 'anaesthesiologist', 'general-surgeon': 'general surgeon',
    'orthopaedic-surgeon': 'orthopaedic surgeon', 'vascular-surgeon': 'vascular surgeon', neurosurgeon: 'neurosurgeon',
    'emergency-physician': 'emergency physician', gp: 'general practitioner', 'physician-assistant': 'physician assistant',
    'surgical-technologist': 'surgical technologist', dentist: 'dentist', 'transfusion-specialist': 'transfusion specialist', admin: 'administration',
  },
  uk: {
    'combat-medic': 'бойовий медик', paramedic: 'парамедик', nurse: 'медсестра', 'or-nurse': 'операційна сестра', lpn: 'молодша медсестра',
    'nurse-anaesthetist': 'сестра-анестезистка', anaesthesiologist: 'анестезіолог', 'general-surgeon': 'загальний хірург',
    'orthopaedic-surgeon': 'ортопед-травматолог', 'vascular-surgeon': 'судинний хірург', neurosurgeon: 'нейрохірург',
    'emergency-physician': 'лікар екстреної медицини', gp: 'лікар загальної практики', 'physician-assistant': 'фельдшер',
    'surgical-technologist': 'операційний технік', dentist: 'стоматолог', 'transfusion-specialist': 'трансфузіолог', admin: 'адміністрація',
  },
};

/** The shipped templates' names in Ukrainian (the data holds them in English); an edited name is shown as written. */
const SHIPPED_UK: Record<string, [string, string]> = {
  platoon: ['Combat medic per platoon', 'Бойовий медик на взвод'],
  bas: ['Battalion aid station', 'Батальйонний медичний пункт'],
  fst: ['Forward surgical team (20)', 'Передова хірургічна група (20)'],
  r1: ['NATO Role 1', 'НАТО Role 1'],
  r2b: ['NATO Role 2 Basic', 'НАТО Role 2 Basic'],
  r2e: ['NATO Role 2 Enhanced', 'НАТО Role 2 Enhanced'],
  r3: ['NATO Role 3', 'НАТО Role 3'],
  'civilian-hospital': ['Civilian hospital (surgical department)', 'Цивільна лікарня (хірургічне відділення)'],
};
export function templateName(t: { id: string; name: string }): string {
  const shipped = SHIPPED_UK[t.id];
  return getLang() === 'uk' && shipped && shipped[0] === t.name ? shipped[1] : t.name;
}
