package org.multipool.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import com.hazelcast.config.JavaSerializationFilterConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.collections.functors.InvokerTransformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.multipool.Task;

/**
 * Multipool's deserialization filter on its own: what it refuses by default, with an allow list,
 * and switched off. The cluster tests show it on members.
 */
class DeserializationFilterTest {
  record Item(String name, int count) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  @AfterEach
  void clearProperties() {
    System.clearProperty(DeserializationFilter.PROPERTY);
    System.clearProperty(DeserializationFilter.ALLOW_PROPERTY);
  }

  private static Object roundTrip(Object value) throws Exception {
    return Outcomes.deserialize(Outcomes.serialize(value), DeserializationFilterTest.class.getClassLoader());
  }

  @Test
  void byDefault_theApplicationsClassesAndLambdasPass_andAGadgetNestedAnywhereIsRefusedByName() throws Exception {
    List<Object> plain = new ArrayList<>(List.of(new Item("a", 1), Map.of("k", List.of(1, 2)), ImmutableList.of(3)));
    assertThat(roundTrip(plain)).isEqualTo(plain);
    assertThat((int[]) roundTrip(new int[] {1, 2})).containsExactly(1, 2);
    int base = 40;
    Task<Integer> lambda = () -> base + 2;
    assertThat(((Task<?>) roundTrip(lambda)).call()).isEqualTo(42);

    Object[] nested = {"batch", List.of(Map.of("x", new InvokerTransformer[] {new InvokerTransformer("exec")}))};
    assertThatThrownBy(() -> roundTrip(nested)).isInstanceOf(DeserializationFilter.Refused.class)
        .hasMessageContaining(InvokerTransformer.class.getName())
        .hasMessageContaining(DeserializationFilter.PROPERTY);
    assertThat(Outcomes.describe(catchRefusal(nested))).contains(InvokerTransformer.class.getName());
  }

  private static Throwable catchRefusal(Object value) {
    try {
      roundTrip(value);
      throw new AssertionError("not refused");
    } catch (Exception e) {
      return e;
    }
  }

  @Test
  void hazelcastsFilter_refusesTheSameFamilies_andByDefaultNothingElse() {
    JavaSerializationFilterConfig filter = ClusterBackend.serializationFilter();
    assertThat(filter.getBlacklist().isListed(InvokerTransformer.class.getName())).isTrue();
    assertThat(filter.getBlacklist().isListed("com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl")).isTrue();
    assertThat(filter.getBlacklist().isListed(Item.class.getName())).isFalse();
    assertThat(filter.isDefaultsDisabled()).as("no allow list: Hazelcast's default one off").isTrue();
    assertThat(filter.getWhitelist().isEmpty()).isTrue();
  }

  @Test
  void withAnAllowList_onlyThoseTheJdkHazelcastAndMultipoolPass() throws Exception {
    System.setProperty(DeserializationFilter.ALLOW_PROPERTY, "com.acme.app, org.example.Report");
    assertThatThrownBy(() -> roundTrip(ImmutableList.of(3))).isInstanceOf(DeserializationFilter.Refused.class)
        .hasMessageContaining("com.google.common.collect.ImmutableList");
    assertThat(roundTrip(List.of(new Item("a", 1)))).isEqualTo(List.of(new Item("a", 1)));

    System.setProperty(DeserializationFilter.ALLOW_PROPERTY, "com.google.common.");
    assertThat(roundTrip(ImmutableList.of(3))).isEqualTo(ImmutableList.of(3));
    assertThatThrownBy(() -> roundTrip(new InvokerTransformer("exec")))
        .as("the refused stay refused").isInstanceOf(DeserializationFilter.Refused.class);

    System.setProperty(DeserializationFilter.ALLOW_PROPERTY, "com.acme.app, org.example.Report");
    JavaSerializationFilterConfig filter = ClusterBackend.serializationFilter();
    assertThat(filter.isDefaultsDisabled()).as("Hazelcast's own allow list (java, com.hazelcast.) kept").isFalse();
    assertThat(filter.getWhitelist().isListed("com.acme.app.Audit")).isTrue();
    assertThat(filter.getWhitelist().isListed("com.acme.application.Audit")).isFalse();
    assertThat(filter.getWhitelist().isListed("org.example.Report")).isTrue();
    assertThat(filter.getWhitelist().isListed("org.example.Report$Line")).isTrue();
    assertThat(filter.getWhitelist().isListed(Item.class.getName())).isTrue();
  }

  @Test
  void switchedOff_nothingIsRefused_andAValueItDoesNotKnowIsAnError() throws Exception {
    System.setProperty(DeserializationFilter.PROPERTY, "off");
    assertThat(roundTrip(new InvokerTransformer("exec"))).hasToString("InvokerTransformer[exec]");
    assertThat(ClusterBackend.serializationFilter()).isNull();

    System.setProperty(DeserializationFilter.PROPERTY, "no");
    assertThatThrownBy(ClusterBackend::serializationFilter).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must be on or off");
  }
}
