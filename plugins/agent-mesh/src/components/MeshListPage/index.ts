export { MeshListPage } from './MeshListPage';
