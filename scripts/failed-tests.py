"""Prints the name, message and first stack lines of every failed test in the given .trx files."""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}

for path in sys.argv[1:]:
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult[@outcome='Failed']", NS):
        message = result.findtext(".//t:ErrorInfo/t:Message", default="", namespaces=NS).strip()
        stack = result.findtext(".//t:ErrorInfo/t:StackTrace", default="", namespaces=NS).strip().splitlines()
        print(f"FAILED {result.get('testName')}")
        print("  " + message[:2000].replace("\n", "\n  "))
        for line in stack[:6]:
            print("  " + line.strip())
