package dev.deployer.infrastructure.report;

import dev.deployer.infrastructure.check.CheckResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Writes checks as JUnit XML, one test case per check and one suite per category, for CI systems. */
public final class JUnitXmlWriter {

  /** A named unit that passed or failed, such as a pipeline step. */
  public record Case(String suite, String name, Duration duration, String failure) {}

  private JUnitXmlWriter() {}

  public static void write(Path file, String name, List<CheckResult> checks, List<Case> extra) {
    Map<String, List<Case>> suites = new LinkedHashMap<>();
    for (Case step : extra) {
      suites.computeIfAbsent(step.suite(), k -> new java.util.ArrayList<>()).add(step);
    }
    for (CheckResult check : checks) {
      String failure = check.failed() ? "expected " + check.expected() + ", got " + check.actual() : null;
      suites.computeIfAbsent(check.category(), k -> new java.util.ArrayList<>())
          .add(new Case(check.category(), check.name(), check.duration(), failure));
    }
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeStartElement("testsuites");
        xml.writeAttribute("name", name);
        for (Map.Entry<String, List<Case>> suite : suites.entrySet()) {
          writeSuite(xml, name + "." + suite.getKey(), suite.getValue());
        }
        xml.writeEndElement();
        xml.writeEndDocument();
        xml.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    } catch (XMLStreamException e) {
      throw new UncheckedIOException(new IOException("cannot write " + file, e));
    }
  }

  private static void writeSuite(XMLStreamWriter xml, String name, List<Case> cases) throws XMLStreamException {
    long failures = cases.stream().filter(c -> c.failure() != null).count();
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", name);
    xml.writeAttribute("tests", Integer.toString(cases.size()));
    xml.writeAttribute("failures", Long.toString(failures));
    xml.writeAttribute("errors", "0");
    xml.writeAttribute("time", seconds(cases.stream().map(Case::duration).reduce(Duration.ZERO, JUnitXmlWriter::plus)));
    for (Case testCase : cases) {
      xml.writeStartElement("testcase");
      xml.writeAttribute("classname", name);
      xml.writeAttribute("name", testCase.name());
      xml.writeAttribute("time", seconds(testCase.duration()));
      if (testCase.failure() != null) {
        xml.writeStartElement("failure");
        xml.writeAttribute("message", testCase.failure());
        xml.writeCharacters(testCase.failure());
        xml.writeEndElement();
      }
      xml.writeEndElement();
    }
    xml.writeEndElement();
  }

  private static Duration plus(Duration a, Duration b) {
    return b == null ? a : a.plus(b);
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.3f", duration == null ? 0.0 : duration.toMillis() / 1000.0);
  }
}
