package io.cookexecutor.sidecar.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page's static files as the jar holds them: small, versioned, and nothing inline or injectable. */
class PageResourcesTest {
  private static String text(PageResource r) {
    return new String(r.bytes(), StandardCharsets.UTF_8);
  }

  @Test
  void theThreeFilesTogetherStayUnder30Kb() {
    int total = SandboxPage.Files.HTML.bytes().length + SandboxPage.Files.JS.bytes().length
        + SandboxPage.Files.CSS.bytes().length;
    assertThat(total).isPositive().isLessThan(30 * 1024);
  }

  @Test
  void theHtmlNamesTheScriptAndStyleByTheirCurrentVersions() {
    String html = text(SandboxPage.Files.HTML);
    assertThat(html).contains("<script src=\"/page/sandbox.js?v=" + SandboxPage.Files.JS.version() + "\" defer>")
        .contains("<link rel=\"stylesheet\" href=\"/page/sandbox.css?v=" + SandboxPage.Files.CSS.version() + "\">")
        .doesNotContain("@JS@", "@CSS@");
    assertThat(SandboxPage.Files.JS.version()).matches("[0-9a-f]{16}").isNotEqualTo(SandboxPage.Files.CSS.version());
  }

  @Test
  void theHtmlHasNoInlineScriptStyleOrHandler() {
    String html = text(SandboxPage.Files.HTML).toLowerCase(java.util.Locale.ROOT);
    assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(html).find()).isFalse();
    assertThat(html).doesNotContain("<style", "style=", "javascript:");
    assertThat(Pattern.compile("\\son[a-z]+\\s*=").matcher(html).find()).isFalse();
  }

  @Test
  void theScriptPutsDataIntoTheDomAsTextOnly() {
    String js = text(SandboxPage.Files.JS);
    assertThat(js).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
        "new Function", "setAttribute('style'", ".style.");
    assertThat(js).contains("textContent");
  }

  @Test
  void typesAreExactAndVersionsFollowTheBytes() {
    assertThat(SandboxPage.Files.HTML.type()).isEqualTo("text/html; charset=utf-8");
    assertThat(SandboxPage.Files.JS.type()).isEqualTo("text/javascript; charset=utf-8");
    assertThat(SandboxPage.Files.CSS.type()).isEqualTo("text/css; charset=utf-8");
    PageResource a = PageResource.of("a".getBytes(StandardCharsets.US_ASCII), "text/plain");
    PageResource b = PageResource.of("b".getBytes(StandardCharsets.US_ASCII), "text/plain");
    assertThat(a.version()).isNotEqualTo(b.version());
    assertThat(a.etag()).isEqualTo("\"" + a.version() + "\"");
  }

  @Test
  void ifNoneMatchListsWeakTagsAndTheWildcard() {
    String tag = "\"0123456789abcdef\"";
    assertThat(SandboxPage.matches(null, tag)).isFalse();
    assertThat(SandboxPage.matches("\"other\"", tag)).isFalse();
    assertThat(SandboxPage.matches(tag, tag)).isTrue();
    assertThat(SandboxPage.matches("\"other\", W/" + tag, tag)).isTrue();
    assertThat(SandboxPage.matches("*", tag)).isTrue();
    assertThat(SandboxPage.matches("0123456789abcdef", tag)).isFalse();
  }
}
