/** Settings, as a modal dialog opened from the header. */
import { Icon } from '../../ui/Icon';
import { useModalDialog } from '../../ui/useModalDialog';
import { ApiKeyField } from './ApiKeyField';
import { GeneralSection } from './GeneralSection';
import { ModelsSection } from './ModelsSection';
import { useSettings } from './settingsStore';
import { SpendingSection } from './SpendingSection';
import { TemplatesSection } from './TemplatesSection';
import { VectorStoreSection } from './VectorStoreSection';
import './settings.css';

export function SettingsDialog() {
  const open = useSettings((s) => s.dialog.kind === 'open');
  const message = useSettings((s) => s.message);
  const dialogClosed = useSettings((s) => s.dialogClosed);
  const dialog = useModalDialog(open);

  return (
    <dialog ref={dialog} className="settings" aria-labelledby="settings-title" onClose={dialogClosed}>
      <header className="dialog-head">
        <h2 id="settings-title">Settings</h2>
        <span className={`small-text ${message?.kind === 'error' ? 'error' : 'muted'}`} role="status">
          {message?.text}
        </span>
        <button type="button" className="icon-button" aria-label="Close settings" onClick={dialogClosed}>
          <Icon name="close" />
        </button>
      </header>
      {open && (
        <div className="dialog-body">
          <GeneralSection />
          <VectorStoreSection />
          <ModelsSection />
          <ApiKeyField />
          <TemplatesSection />
          <SpendingSection />
        </div>
      )}
    </dialog>
  );
}
