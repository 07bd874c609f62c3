package org.multipool.spi;

import java.util.List;
import java.util.Objects;

/**
 * A typed setting of a pool that only some backends read, such as the options of worker JVMs.
 *
 * <p>Settings that every backend honours ({@link PoolConfig#workers()}, the name, the initializer,
 * the task timeout) are fields of {@link PoolConfig}; a setting that means something to some
 * backends only is an option: a key with a type and a value for pools that do not set it. A backend
 * lists the options it reads in {@link PoolBackend#options()}, and a pool that sets one its backend
 * does not read is refused at {@link org.multipool.PoolBuilder#build()}, so no setting is silently
 * ignored. Adding an option changes no signature a backend implements.
 *
 * <pre>{@code
 * List<String> jvmOptions = config.option(BackendOption.JVM_OPTIONS); // empty unless set
 * }</pre>
 *
 * <p>Options are compared by identity: declare each once, as a constant.
 *
 * @param <T> the type of the option's value
 * @since 0.1.0
 */
public final class BackendOption<T> {
  /**
   * The options of every worker JVM, from {@link org.multipool.PoolBuilder#jvmOptions}; read by
   * backends that start JVMs, such as {@code processes}.
   */
  public static final BackendOption<List<String>> JVM_OPTIONS = of("jvmOptions", List.of());

  private final String name;
  private final T whenUnset;

  private BackendOption(String name, T whenUnset) {
    this.name = name;
    this.whenUnset = whenUnset;
  }

  /**
   * Declares an option.
   *
   * @param name the name that error messages show, as the builder method that sets it is called
   * @param whenUnset the value of a pool that does not set the option
   * @param <T> the type of the option's value
   * @return the option
   */
  public static <T> BackendOption<T> of(String name, T whenUnset) {
    return new BackendOption<>(Objects.requireNonNull(name, "name"), Objects.requireNonNull(whenUnset, "whenUnset"));
  }

  /**
   * Returns the option's name, as the builder method that sets it is called.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the value of a pool that does not set this option.
   *
   * @return the value
   */
  public T whenUnset() {
    return whenUnset;
  }

  @Override
  public String toString() {
    return name;
  }
}
