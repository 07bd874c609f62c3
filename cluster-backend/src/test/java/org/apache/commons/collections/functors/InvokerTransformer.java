package org.apache.commons.collections.functors;

import java.io.Serializable;

/**
 * A harmless stand-in with the name of Apache Commons Collections' {@code InvokerTransformer}, the
 * class at the heart of the best-known Java deserialization exploits (it calls any method it names).
 * Commons Collections is not on the tests' class path; deserialization filters go by class name, so
 * what they do with this class is what they do with the real one.
 */
public final class InvokerTransformer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String methodName;

  public InvokerTransformer(String methodName) {
    this.methodName = methodName;
  }

  @Override
  public String toString() {
    return "InvokerTransformer[" + methodName + "]";
  }
}
