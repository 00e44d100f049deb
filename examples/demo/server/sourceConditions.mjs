// Module hooks that resolve workspace packages to their TypeScript source
// (the `@ringline/source` export condition), so `node --import tsx
// server/main.ts` runs from a clean clone without building the packages.
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('@ringline/source') ? context.conditions : ['@ringline/source', ...context.conditions];
  return nextResolve(specifier, { ...context, conditions });
}
