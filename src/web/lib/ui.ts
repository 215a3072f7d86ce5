import { reactive } from 'vue';

export type Modal = '' | 'settings' | 'history' | 'camera' | 'report' | 'explicit';

/** Which panels and dialogs are open (not part of the chat state). */
export const ui = reactive({
  /** Narrow screens show one side panel at a time over the chat. */
  panel: '' as '' | 'channels' | 'who',
  modal: '' as Modal,
  /** The user whose menu is open. */
  menuUser: '',
  report: { username: '', channel: '', html: '' },
  /** Whose explicit camera the warning is about. */
  explicitFor: '',
  /** A problem to show in a dismissible banner. */
  alert: '',
});

export function openReport(username: string, channel: string, html: string): void {
  ui.report = { username, channel, html };
  ui.menuUser = '';
  ui.modal = 'report';
}
