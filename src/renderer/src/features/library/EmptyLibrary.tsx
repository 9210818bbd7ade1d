/** What a new user sees before any folder is in the library: what to do first. */
import { Icon } from '../../ui/Icon';
import './library.css';

export function EmptyLibrary() {
  return (
    <section className="empty" aria-labelledby="empty-title">
      <div className="empty-icon">
        <Icon name="folder" size={28} />
      </div>
      <h2 id="empty-title">Start with a folder of images</h2>
      <p>
        Type the path of a folder in <strong>Folder path</strong> on the left and choose <strong>Add folder</strong>.
        Atelier indexes it on this computer; nothing is uploaded.
      </p>
      <ol className="steps">
        <li>Add a folder of references, renders or photos.</li>
        <li>Describe what you are looking for: “red silk cape”, “foggy forest - people”.</li>
        <li>Or drop an image on the search box to find ones like it.</li>
      </ol>
    </section>
  );
}
