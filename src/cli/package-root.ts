export { packageRoot } from '../util/package-root';
