/** The one renderer store, made of slices. */
import { create } from 'zustand';
import { createAccountSlice, type AccountSlice } from './accountSlice.ts';

export type Store = AccountSlice;

export const useStore = create<Store>()((...a) => ({
  ...createAccountSlice(...a),
}));
