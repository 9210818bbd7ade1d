/** Why a file dropped to search by was not used, on its own line under the filters, where it has room to wrap. */
import { useSearch } from './searchStore';
import './search.css';

export function SearchNotice() {
  const notice = useSearch((s) => s.notice);
  if (!notice) return null;
  return (
    <p className="search-notice error small-text" role="alert">
      {notice}
    </p>
  );
}
