import type { Plugin } from 'vite';

export type Pack = Record<string, string>;
export type PackedPack = [Pack, Record<string, string[]>];

export function listedPieces(): Promise<string[][]>;
export function packWithoutKeys(pack: Pack, pieces: string[][], tag: string): PackedPack;
export function keylessPacks(): Plugin;
