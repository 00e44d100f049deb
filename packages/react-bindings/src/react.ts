// Every file takes React from here: a bundler keeps one import statement per
// importing module for an external package, and a dozen of them are a tenth
// of this package's size.
export { createContext, createElement, useCallback, useContext, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
export type { ReactNode } from 'react';
