import { referenceDirectory } from '../helpers/directory-under-test.js';
import { CONFORMANCE_SNAPSHOT } from './conformance-snapshot.js';
import { directoryConformance } from './directory-conformance.js';

directoryConformance('HTTP adapter against the reference server', () => referenceDirectory(CONFORMANCE_SNAPSHOT));
