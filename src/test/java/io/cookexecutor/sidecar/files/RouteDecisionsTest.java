package io.cookexecutor.sidecar.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure decisions of the routes: numbers, the read window, browse entry fields, download headers. */
class RouteDecisionsTest {
  private final ReadRoute read = new ReadRoute(null, 100);

  @Test
  void numbersAreOptionalSignAndAsciiDigits() throws BadRequest {
    assertThat(ReadRoute.number("offset", null)).isEqualTo(-1);
    assertThat(ReadRoute.number("offset", "-1")).isEqualTo(-1);
    assertThat(ReadRoute.number("offset", "+7")).isEqualTo(7);
    assertThat(ReadRoute.number("length", "0")).isZero();
  }

  @Test
  void notANumberHasTheOriginalsText() {
    for (String bad : new String[] {"foo", "", "1.5", " 3", "\u0663", "99999999999999999999", "-", "0x10"}) {
      assertThatThrownBy(() -> ReadRoute.number("offset", bad)).isInstanceOf(BadRequest.class)
          .hasMessage("Failed to parse offset: Failed to convert '" + bad + "' to number.\n");
    }
  }

  @Test
  void belowMinusOneIsNegative() {
    assertThatThrownBy(() -> ReadRoute.number("length", "-2")).hasMessage("Negative length provided: -2.\n");
    assertThatThrownBy(() -> ReadRoute.number("offset", "-02")).hasMessage("Negative offset provided: -02.\n");
  }

  @Test
  void theWindowIsTheLengthAskedCutAtTheEnd() throws BadRequest {
    assertThat(read.windowLength(3, 3, 10)).isEqualTo(3);
    assertThat(read.windowLength(8, 3, 10)).isEqualTo(2);
    assertThat(read.windowLength(10, 3, 10)).isZero();
    assertThat(read.windowLength(50, 3, 10)).isZero();
    assertThat(read.windowLength(0, 0, 10)).isZero();
    assertThat(read.windowLength(0, -1, 1000)).isEqualTo(100);
    assertThat(read.windowLength(0, 100, 1000)).isEqualTo(100);
  }

  @Test
  void aLengthOverTheMaximumIsRefusedWithTheExactText() {
    assertThatThrownBy(() -> read.windowLength(0, 101, 10))
        .hasMessage("Requested length for file read, 101 is greater than max allowed length, 100");
  }

  @Test
  void modeStringsShowTypeAndNinePermissionBits() {
    assertThat(BrowseRoute.modeString(false, 0100751)).isEqualTo("-rwxr-x--x");
    assertThat(BrowseRoute.modeString(true, 040755)).isEqualTo("drwxr-xr-x");
    assertThat(BrowseRoute.modeString(false, 04644)).isEqualTo("-rw-r--r--");
    assertThat(BrowseRoute.modeString(false, 0)).isEqualTo("----------");
  }

  @Test
  void entryPathsJoinAsPythonDoes() {
    assertThat(BrowseRoute.join("/w", "stdout")).isEqualTo("/w/stdout");
    assertThat(BrowseRoute.join("/w/", "stdout")).isEqualTo("/w/stdout");
  }

  @Test
  void entriesSortByCodePoint() {
    assertThat(BrowseRoute.compareCodePoints("/w/a", "/w/b")).isNegative();
    assertThat(BrowseRoute.compareCodePoints("/w/a", "/w/a.txt")).isNegative();
    assertThat(BrowseRoute.compareCodePoints("/w/B", "/w/a")).isNegative();
    // U+1F600 is above U+FFFD for Python, below it in UTF-16 order
    assertThat(BrowseRoute.compareCodePoints("/w/\uD83D\uDE00", "/w/\uFFFD")).isPositive();
  }

  @Test
  void downloadsNameTheFileAndGuessItsType() {
    assertThat(DownloadRoute.fileName("/w/stdout")).isEqualTo("stdout");
    assertThat(DownloadRoute.disposition("stdout")).isEqualTo("attachment; filename=stdout");
    assertThat(DownloadRoute.disposition("my file.txt")).isEqualTo("attachment; filename=\"my file.txt\"");
    assertThat(DownloadRoute.disposition("a\"b")).isEqualTo("attachment; filename=\"a\\\"b\"");
    assertThat(DownloadRoute.disposition("caf\u00e9.log"))
        .isEqualTo("attachment; filename=\"caf_.log\"; filename*=UTF-8''caf%C3%A9.log");
    assertThat(DownloadRoute.contentType("stdout")).isEqualTo("application/octet-stream");
    assertThat(DownloadRoute.contentType("notes.txt")).isEqualTo("text/plain; charset=utf-8");
    // Never a document of the sidecar's origin, where the sandbox page runs.
    for (String active : List.of("page.html", "page.htm", "page.xhtml", "image.svg", "data.xml", "x.js", "x.css")) {
      assertThat(DownloadRoute.contentType(active)).as(active).isEqualTo("application/octet-stream");
    }
  }

  @Test
  void workerThreadsFollowTheOriginalsConcurrencyWithinBounds() {
    assertThat(ServerLimits.workerThreads(2, 2)).isEqualTo(4);
    assertThat(ServerLimits.workerThreads(4, 3)).isEqualTo(12);
    assertThat(ServerLimits.workerThreads(1, 1)).isEqualTo(ServerLimits.MIN_THREADS);
    assertThat(ServerLimits.workerThreads(0, -3)).isEqualTo(ServerLimits.MIN_THREADS);
    assertThat(ServerLimits.workerThreads(100, 100)).isEqualTo(ServerLimits.MAX_THREADS);
  }
}
