import { onBeforeUnmount, watch, type Ref } from 'vue';
import { BoardChangedDocument, type BoardChangedSubscription } from '../gql/generated.js';
import { useSessionStore } from '../stores/session.js';

export type BoardChange = BoardChangedSubscription['boardChanged'];

/** Calls `onChange` for every change the API announces for the fiscal year, while the component lives. */
export function useBoardChanges(fiscalYear: Ref<number>, onChange: (change: BoardChange) => void) {
  const session = useSessionStore();
  let unsubscribe: (() => void) | null = null;

  function start(year: number) {
    unsubscribe?.();
    const { unsubscribe: stop } = session
      .client()
      .subscription(BoardChangedDocument, { fiscalYear: year })
      .subscribe((result) => {
        if (result.data) onChange(result.data.boardChanged);
      });
    unsubscribe = stop;
  }

  watch(fiscalYear, start, { immediate: true });
  onBeforeUnmount(() => unsubscribe?.());
}
