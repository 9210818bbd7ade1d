/** The searchable list of earlier prompts; choosing one puts it in the prompt box. */
import { useHistory } from './historyStore';

export function PromptHistory({ onChosen }: { onChosen: (prompt: string) => void }) {
  const { listOpen, query, found } = useHistory();
  const { listToggled, searched } = useHistory.getState();
  return (
    <div className="prompt-history">
      <button type="button" className="button small" aria-expanded={listOpen} onClick={listToggled}>
        History
      </button>
      {listOpen && (
        <div className="prompt-history-list" role="region" aria-label="Prompt history">
          <input
            type="search"
            className="input"
            aria-label="Search earlier prompts"
            placeholder="Search earlier prompts"
            value={query}
            onChange={(e) => void searched(e.target.value)}
          />
          {found.length === 0 ? (
            <p className="muted small-text">{query ? 'No earlier prompt contains that.' : 'No prompts yet.'}</p>
          ) : (
            <ul aria-label="Earlier prompts">
              {found.map((prompt) => (
                <li key={prompt}>
                  <button
                    type="button"
                    className="history-item"
                    onClick={() => {
                      onChosen(prompt);
                      listToggled();
                    }}
                  >
                    {prompt}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
