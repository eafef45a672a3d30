// The length of every function in a tree of TypeScript files, from the TypeScript AST (not by counting braces):
// function declarations, methods, accessors, constructors, arrow functions and function expressions alike.
import { readFileSync, globSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface FunctionLength {
  /** path:line of the function's first line. */
  where: string;
  name: string;
  lines: number;
}

const nameOf = (n: ts.Node): string => {
  if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isGetAccessor(n) || ts.isSetAccessor(n)) && n.name) return n.name.getText();
  if (ts.isConstructorDeclaration(n)) return 'constructor';
  const p = n.parent;
  if (p && ts.isVariableDeclaration(p)) return p.name.getText();
  if (p && ts.isPropertyAssignment(p)) return p.name.getText();
  return '(anonymous)';
};

/** Every function of one file's text, outermost first. */
export function functionLengths(path: string, text: string): FunctionLength[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: FunctionLength[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) && 'body' in n && n.body) {
      const first = file.getLineAndCharacterOfPosition(n.getStart(file)).line;
      const last = file.getLineAndCharacterOfPosition(n.getEnd()).line;
      out.push({ where: `${path}:${first + 1}`, name: nameOf(n), lines: last - first + 1 });
    }
    ts.forEachChild(n, visit);
  };
  visit(file);
  return out;
}

/** Every production function under these folders of `root` (tests and test scaffolding left out). */
export function treeFunctionLengths(root: string, dirs: readonly string[]): FunctionLength[] {
  return dirs
    .flatMap((d) => globSync(`${d}/**/*.ts`, { cwd: root }))
    .filter((f) => !/\.test\.ts$|(^|\/)test\/|node_modules|\.d\.ts$/.test(f))
    .sort()
    .flatMap((f) => functionLengths(relative(root, join(root, f)), readFileSync(join(root, f), 'utf8')));
}
