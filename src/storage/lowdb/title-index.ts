import type { Item } from '../../domain/model.js';
import { foldText } from '../../domain/text.js';

/**
 * Items by folded title (case, spacing and diacritics ignored), for the duplicate guard. Built at the
 * first question, not at start; kept up to date by the transactions that create or change items.
 */
export class TitleIndex {
  private readonly byTitle = new Map<string, Set<number>>();
  private built = false;

  /** The ids of the items with one of these folded titles; builds the index from `items` the first time. */
  find(folded: Iterable<string>, items: () => Iterable<Item>): number[] {
    if (!this.built) {
      this.built = true;
      for (const item of items()) this.put(item);
    }
    const out: number[] = [];
    for (const key of folded) for (const id of this.byTitle.get(key) ?? []) out.push(id);
    return out;
  }

  /** Indexes an item (a no-op until the index is built: building reads every item then). */
  add(item: Item): void {
    if (this.built) this.put(item);
  }

  /** Indexes an item whose folded title is known already. */
  addKeyed(item: Item, key: string): void {
    if (this.built) this.putKeyed(item, key);
  }

  remove(item: Item): void {
    if (!this.built) return;
    const key = foldText(item.title);
    const ids = this.byTitle.get(key);
    ids?.delete(item.id);
    if (ids && !ids.size) this.byTitle.delete(key);
  }

  private put(item: Item): void {
    this.putKeyed(item, foldText(item.title));
  }

  private putKeyed(item: Item, key: string): void {
    let ids = this.byTitle.get(key);
    if (!ids) this.byTitle.set(key, (ids = new Set()));
    ids.add(item.id);
  }
}
