// What a password must be beyond its length: not one of the passwords every guesser tries first, not one short
// piece repeated, not the username, and only storable text (no NUL or other control characters).
const COMMON = new Set([
  'password', 'password1', 'password12', 'password123', 'password1234', 'passw0rd', 'p@ssw0rd', 'p@ssword', '1234567890', '12345678910',
  '0123456789', '1111111111', '123123123123', 'qwertyuiop', 'qwerty1234', 'qwerty12345', 'qwerty123456', '1q2w3e4r5t', '1qaz2wsx3edc',
  'zaq12wsx', 'asdfghjkl', 'asdfghjkl1', 'iloveyou', 'iloveyou1', 'letmein123', 'welcome123', 'welcome1', 'admin12345', 'administrator',
  'changeme', 'changeme123', 'change-me', 'change-me-now', 'football1', 'baseball1', 'superman1', 'trustno1', 'sunshine1', 'princess1',
  'dragon1234', 'monkey1234', 'master1234', 'starwars1', 'whatever1', 'abcdefghij', 'abcd123456', 'abc1234567', 'goldenhour', 'goldenhour1',
  'slavaukraini', 'ukraine2022', 'ukraine123', 'kyiv123456', 'passwordpassword', 'qwertyqwerty', 'йцукенгшщз', 'пароль12345', 'пароль123456',
]);

/** Why this password is refused, or null. */
export function passwordProblem(password: string, username = ''): string | null {
  if (typeof password !== 'string' || password.length < 10 || password.length > 256) return 'password: 10 to 256 characters';
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(password)) return 'password: no control characters (NUL, tabs, line breaks…)';
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || COMMON.has(lower.replace(/[!.?\d]+$/, ''))) return 'password: one of the most common passwords; choose another';
  if (/^(.{1,5})\1+$/su.test(password)) return 'password: a short piece repeated; choose another';
  if (new Set(password).size < 4) return 'password: too few different characters';
  if (/^(0123456789|1234567890|9876543210|abcdefghij|qwertyuiop)/.test(lower)) return 'password: a keyboard or number run; choose another';
  if (username && lower.includes(username.toLowerCase())) return 'password: must not contain the username';
  return null;
}
