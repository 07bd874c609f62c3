package org.multipool.cluster;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.JavaSerializationFilterConfig;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a Multipool cluster refuses to deserialize: the same rule for Hazelcast's Java
 * serialization (a {@link JavaSerializationFilterConfig} on every instance Multipool configures)
 * and for the tasks, initializers and outcomes Multipool deserializes itself (an
 * {@link ObjectInputFilter} on each stream).
 *
 * <p>By default it refuses the known gadget families ({@link #REFUSED}) and lets everything else
 * through, so the application's classes, its lambdas and the JDK's work as before. With
 * {@value #ALLOW_PROPERTY} set, it also refuses every class that is not the JDK's
 * ({@code java*} and arrays), Hazelcast's, Multipool's or listed there. With {@value #PROPERTY}
 * {@code =off}, Multipool sets no filter at all. A JVM-wide {@code jdk.serialFilter} still applies to
 * Multipool's own streams.
 */
final class DeserializationFilter {
  /** {@code on} (the default) or {@code off}. */
  static final String PROPERTY = "multipool.cluster.serialFilter";
  /** Comma-separated classes and packages; when set, only they (and the JDK, Hazelcast, Multipool) are read. */
  static final String ALLOW_PROPERTY = "multipool.cluster.serialFilter.allow";

  /**
   * Known gadget families (by the name prefix of their classes): classes that, deserialized with
   * the right contents, call arbitrary methods, load bytecode or classes, or reach out to a remote
   * server. They come from the public catalogues of Java deserialization exploits.
   */
  static final List<String> REFUSED = List.of(
      // Apache Commons Collections 3 and 4: transformers that call any method
      "org.apache.commons.collections.functors.",
      "org.apache.commons.collections4.functors.",
      // Commons BeanUtils: a comparator that calls any getter
      "org.apache.commons.beanutils.BeanComparator",
      // Xalan's TemplatesImpl and BCEL's class loader: load the bytecode they carry
      "com.sun.org.apache.xalan.internal.xsltc.trax.",
      "org.apache.xalan.xsltc.trax.",
      "com.sun.org.apache.bcel.internal.util.ClassLoader",
      "org.apache.bcel.util.ClassLoader",
      // scripting runtimes whose closures run code
      "org.codehaus.groovy.runtime.",
      "bsh.",
      "clojure.",
      "org.python.core.",
      "org.mozilla.javascript.",
      // Spring's invocation handlers and JTA lookup
      "org.springframework.core.SerializableTypeWrapper",
      "org.springframework.beans.factory.support.AutowireUtils",
      "org.springframework.aop.framework.JdkDynamicAopProxy",
      "org.springframework.transaction.jta.JtaTransactionManager",
      // Hibernate, ROME, JSON-lib, MyFaces, Vaadin, Click, JBoss and Weld interceptors: call getters or methods
      "org.hibernate.engine.spi.TypedValue",
      "org.hibernate.tuple.component.AbstractComponentTuplizer",
      "org.hibernate.property.",
      "com.sun.syndication.feed.impl.",
      "com.rometools.rome.feed.impl.",
      "net.sf.json.",
      "org.apache.myfaces.",
      "com.vaadin.data.util.",
      "org.apache.click.",
      "org.jboss.interceptor.",
      "org.jboss.weld.interceptor.",
      // write or delete files
      "org.apache.commons.fileupload.disk.DiskFileItem",
      "org.apache.wicket.util.upload.",
      "org.aspectj.weaver.tools.cache.",
      // C3P0, JNDI and RMI: load classes from, or connect to, a server the sender names
      "com.mchange.v2.c3p0.",
      "com.sun.rowset.JdbcRowSetImpl",
      "com.sun.jndi.",
      "sun.rmi.",
      "java.rmi.server.",
      "java.rmi.activation.",
      "java.rmi.registry.",
      // the usual trigger of the chains above
      "javax.management.BadAttributeValueExpException");

  /** What strict mode always lets through, as Hazelcast's own default allow list does, and Multipool. */
  private static final List<String> ALWAYS_ALLOWED = List.of("java", "[", "com.hazelcast.", "org.multipool.");

  private DeserializationFilter() {}

  /** Whether Multipool filters at all: {@value #PROPERTY} is not {@code off}. */
  static boolean enabled() {
    String value = System.getProperty(PROPERTY, "on").trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "on", "" -> true;
      case "off" -> false;
      default -> throw new IllegalStateException(
          "System property " + PROPERTY + " must be on or off, not \"" + System.getProperty(PROPERTY) + "\"");
    };
  }

  /**
   * The strict allow list from {@value #ALLOW_PROPERTY}: an entry ending in a dot (or {@code .*}) is
   * a package prefix; any other names a class, its nested classes, and (as a package) what is under
   * it. Empty: no allow list.
   */
  static AllowList allowed() {
    List<String> prefixes = new ArrayList<>();
    List<String> classes = new ArrayList<>();
    for (String entry : System.getProperty(ALLOW_PROPERTY, "").split(",")) {
      String name = entry.trim();
      if (name.endsWith(".*")) {
        name = name.substring(0, name.length() - 1);
      }
      if (name.endsWith(".")) {
        prefixes.add(name);
      } else if (!name.isEmpty()) {
        classes.add(name);
        prefixes.add(name + ".");
        prefixes.add(name + "$");
      }
    }
    return new AllowList(List.copyOf(prefixes), List.copyOf(classes));
  }

  /** A strict allow list: empty lets everything through that is not refused. */
  record AllowList(List<String> prefixes, List<String> classes) {
    boolean isEmpty() {
      return prefixes.isEmpty() && classes.isEmpty();
    }

    boolean allows(String className) {
      if (isEmpty() || classes.contains(className)) {
        return true;
      }
      for (List<String> list : List.of(ALWAYS_ALLOWED, prefixes)) {
        for (String prefix : list) {
          if (className.startsWith(prefix)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /** Hazelcast's filter for Java serialization, or {@code null} when Multipool filters nothing. */
  static JavaSerializationFilterConfig hazelcastConfig() {
    if (!enabled()) {
      return null;
    }
    JavaSerializationFilterConfig config = new JavaSerializationFilterConfig();
    config.setBlacklist(new ClassFilter().setPrefixes(REFUSED));
    AllowList allowed = allowed();
    if (allowed.isEmpty()) {
      config.setDefaultsDisabled(true); // no allow list: only the refused are refused
    } else {
      // with Hazelcast's defaults (com.hazelcast., java, [), as ALWAYS_ALLOWED
      config.setWhitelist(new ClassFilter().addPrefixes("org.multipool.").setClasses(allowed.classes())
          .addPrefixes(allowed.prefixes().toArray(String[]::new)));
    }
    return config;
  }

  /** A filter for one of Multipool's streams, or {@code null} when Multipool filters nothing. */
  static StreamFilter forStream() {
    return enabled() ? new StreamFilter(allowed(), ObjectInputFilter.Config.getSerialFilter()) : null;
  }

  static boolean isRefused(String className) {
    for (String prefix : REFUSED) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The filter of one stream: it refuses what {@link #isRefused} or the allow list says, remembers
   * the class it refused (Java serialization names none), and otherwise defers to the JVM-wide filter.
   */
  static final class StreamFilter implements ObjectInputFilter {
    private final AllowList allowed;
    private final ObjectInputFilter jvmWide;
    private volatile String refused;

    StreamFilter(AllowList allowed, ObjectInputFilter jvmWide) {
      this.allowed = allowed;
      this.jvmWide = jvmWide;
    }

    @Override
    public Status checkInput(FilterInfo info) {
      Class<?> type = info.serialClass();
      while (type != null && type.isArray()) {
        type = type.getComponentType();
      }
      if (type != null && !type.isPrimitive()) {
        String name = type.getName();
        if (isRefused(name) || !(Proxy.isProxyClass(type) || allowed.allows(name))) {
          refused = name;
          return Status.REJECTED;
        }
      }
      return jvmWide != null ? jvmWide.checkInput(info) : Status.UNDECIDED;
    }

    /** The class this filter refused, or {@code null}. */
    String refused() {
      return refused;
    }
  }

  /** A class Multipool's filter refused: its message names the class and how to let it through. */
  static final class Refused extends InvalidClassException {
    private static final long serialVersionUID = 1L;

    Refused(String className) {
      super("class " + className + " is refused by Multipool's deserialization filter (system properties "
          + PROPERTY + ", " + ALLOW_PROPERTY + ")");
    }
  }
}
