/**
 * The preload's entry: hands Electron's ipcRenderer and contextBridge to the
 * bridge (bridge.ts). Built as CommonJS, since sandboxed preloads cannot be ESM.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { exposeAtelier } from './bridge';

exposeAtelier(contextBridge, ipcRenderer);
