package io.cookexecutor.sidecar.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryTest {
  @Test
  void decodesPercentPlusAndUtf8AndKeepsTheFirstValue() throws BadRequest {
    Query q = Query.parse("path=%2Fmnt%2Fsandbox%2Fcaf%C3%A9+x&offset=3&offset=9&flag&&length=");
    assertThat(q.get("path")).isEqualTo("/mnt/sandbox/café x");
    assertThat(q.get("offset")).isEqualTo("3");
    assertThat(q.get("flag")).isEqualTo("");
    assertThat(q.get("length")).isEqualTo("");
    assertThat(q.get("missing")).isNull();
  }

  @Test
  void aValueMayHoldEqualsSigns() throws BadRequest {
    assertThat(Query.parse("path=/a=b").get("path")).isEqualTo("/a=b");
  }

  @Test
  void emptyAndAbsentQueriesHaveNoValues() throws BadRequest {
    assertThat(Query.parse(null).get("path")).isNull();
    assertThat(Query.parse("").get("path")).isNull();
    assertThat(Query.parse("&&&").get("path")).isNull();
  }

  @Test
  void encodedDotsAndNulDecodeToWhatTheyAre() throws BadRequest {
    assertThat(Query.parse("path=/w/%2e%2e/etc").get("path")).isEqualTo("/w/../etc");
    assertThat(Query.parse("path=/w/%00x").get("path")).isEqualTo("/w/\0x");
  }

  @Test
  void refusesBadPercentEncoding() {
    for (String raw : new String[] {"path=%", "path=%2", "path=%zz", "path=%2g", "path=%\u0661\u0662"}) {
      assertThatThrownBy(() -> Query.parse(raw)).isInstanceOf(BadRequest.class)
          .satisfies(e -> assertThat(((BadRequest) e).status()).isEqualTo(400))
          .hasMessageContaining("two hexadecimal digits");
    }
  }

  @Test
  void refusesBytesThatAreNotUtf8() {
    assertThatThrownBy(() -> Query.parse("path=%C3")).isInstanceOf(BadRequest.class)
        .hasMessageContaining("not UTF-8");
    assertThatThrownBy(() -> Query.parse("path=%FF%FE")).isInstanceOf(BadRequest.class);
  }

  @Test
  void refusesAHugeQueryWith414() {
    String raw = "path=/" + "a".repeat(Query.MAX_RAW_LENGTH);
    assertThatThrownBy(() -> Query.parse(raw)).isInstanceOf(BadRequest.class)
        .satisfies(e -> assertThat(((BadRequest) e).status()).isEqualTo(414));
  }

  @Test
  void rawNonAsciiCharactersStay() throws BadRequest {
    assertThat(Query.parse("path=/w/caf\u00e9%20x").get("path")).isEqualTo("/w/caf\u00e9 x");
  }
}
