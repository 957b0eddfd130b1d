package dev.deployer.monitor;

import java.util.ArrayDeque;
import java.util.List;

/** The last {@code capacity} items; older ones are dropped, so memory stays flat over a long run. */
public final class RingBuffer<T> {

  private final int capacity;
  private final ArrayDeque<T> items;
  private long added;

  public RingBuffer(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
    this.items = new ArrayDeque<>(capacity);
  }

  public synchronized void add(T item) {
    if (items.size() == capacity) {
      items.removeFirst();
    }
    items.addLast(item);
    added++;
  }

  public synchronized List<T> snapshot() {
    return List.copyOf(items);
  }

  public synchronized int size() {
    return items.size();
  }

  /** How many items were ever added, dropped ones included. */
  public synchronized long added() {
    return added;
  }

  public int capacity() {
    return capacity;
  }
}
