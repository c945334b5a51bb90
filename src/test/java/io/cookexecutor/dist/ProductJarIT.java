package io.cookexecutor.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.local.agent.LocalAgent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product jar ({@code target/cook-executor.jar}, which {@code bin/cook-executor} and the dist builds run)
 * carries no fault injection and no test hook: the faults of the embedded agent, and the executor's failure
 * hook, live in the test sources and reach the product only through seams the environment and the command
 * line cannot reach. {@code EXECUTOR_TEST_EXIT} stays: it is part of Cook's executor contract.
 */
class ProductJarIT {
  /** Words that name fault injection in a class name (case matters: {@code Default} is fine). */
  private static final List<String> FAULT_WORDS = List.of("Fault", "Chaos", "ChunkMode");
  /** Strings no product class may hold: the retired fault variable, and references into test code. */
  private static final List<String> TEST_REFERENCES = List.of("EXECUTOR_TEST_FAULT", "io/cookexecutor/testing/",
      "org/junit/", "org/assertj/", "org/awaitility/");

  private static Map<String, byte[]> classes;

  @BeforeAll
  static void readTheJar() throws IOException {
    Path jar = Path.of(System.getProperty("cook.executor.jar", "target/cook-executor.jar")).toAbsolutePath();
    assertThat(jar).as("the product jar (mvn package builds it)").isRegularFile();
    classes = new LinkedHashMap<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
        JarEntry entry = e.nextElement();
        if (entry.getName().endsWith(".class")) {
          try (InputStream in = file.getInputStream(entry)) {
            classes.put(entry.getName(), in.readAllBytes());
          }
        }
      }
    }
    // The oracle looks at the right file: the embedded agent is a product part.
    assertThat(classes.keySet()).contains("io/cookexecutor/local/agent/LocalAgent.class");
  }

  @Test
  void noClassIsNamedForFaultInjection() {
    List<String> named = new ArrayList<>();
    for (String name : classes.keySet()) {
      String simple = name.substring(name.lastIndexOf('/') + 1);
      if (FAULT_WORDS.stream().anyMatch(simple::contains)) {
        named.add(name);
      }
    }
    assertThat(named).isEmpty();
  }

  @Test
  void noClassOfTheTestSourcesIsInTheJar() throws IOException, URISyntaxException {
    Path testClasses = Path.of(ProductJarIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(testClasses.resolve("io/cookexecutor/testing/AgentFaults.class")).isRegularFile();
    List<String> leaked = new ArrayList<>();
    try (Stream<Path> files = Files.walk(testClasses)) {
      files.filter(p -> p.toString().endsWith(".class"))
          .map(p -> testClasses.relativize(p).toString().replace('\\', '/'))
          .filter(classes::containsKey)
          .forEach(leaked::add);
    }
    assertThat(leaked).isEmpty();
  }

  @Test
  void noProductClassHoldsTheRetiredFaultVariableOrReferencesTestCode() {
    List<String> found = new ArrayList<>();
    for (Map.Entry<String, byte[]> c : classes.entrySet()) {
      // Class names and string constants are (modified) UTF-8 in the constant pool: ASCII matches as is.
      String text = new String(c.getValue(), StandardCharsets.ISO_8859_1);
      for (String s : TEST_REFERENCES) {
        if (text.contains(s)) {
          found.add(c.getKey() + " holds " + s);
        }
      }
    }
    assertThat(found).isEmpty();
  }
}
