import { expose } from 'comlink';
import { EngineApi } from './engine-api';

// The analysis runs here, off the page's thread; the page talks to it through comlink.
expose(new EngineApi());
