package org.multipool.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.RandomAccess;

/**
 * Cuts a {@code map}'s input into chunks on the caller's thread.
 *
 * <p>A random-access list of the JDK is not copied here: each chunk is a view, and the worker
 * copies its own chunk when it starts, so the copying is spread over the workers. Such a list
 * cannot fail when read, so nothing the input throws can surface on a worker. Any other collection
 * is copied chunk by chunk, here, where its exceptions reach the caller.
 */
abstract class ChunkReader {

  static ChunkReader of(Collection<?> items) {
    if (items instanceof List<?> list && items instanceof RandomAccess
        && items.getClass().getClassLoader() == null) {
      return new ChunkReader() {
        private int from;

        @Override
        List<?> next(int count) {
          List<?> chunk = list.subList(from, from + count);
          from += count;
          return chunk;
        }
      };
    }
    Iterator<?> iterator = items.iterator();
    return new ChunkReader() {
      @Override
      List<?> next(int count) {
        Object[] chunk = new Object[count];
        for (int i = 0; i < count; i++) {
          if (!iterator.hasNext()) {
            throw new ConcurrentModificationException("The collection shrank while map was reading it");
          }
          chunk[i] = iterator.next();
        }
        return Arrays.asList(chunk);
      }
    };
  }

  /** Reads an input of unknown size on the caller's thread, so its exceptions reach the caller unwrapped. */
  static List<Object> readAll(Iterable<?> items) {
    List<Object> list = new ArrayList<>();
    for (Object item : items) {
      list.add(item);
    }
    return list;
  }

  /** The next {@code count} items. */
  abstract List<?> next(int count);
}
