export { PanelNotice, panelHasData } from './PanelNotice';
