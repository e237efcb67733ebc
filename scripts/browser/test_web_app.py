"""The web companion at /app/ in headless Chromium, as a person would use it.

One user's story, in order: each step builds on the one before, is timed, ends with a
screenshot in $SCREENSHOTS, and fails if the browser logged an error it should not have.
The API behind the page is called directly only to act behind the page's back and to check
what the page did. Run by scripts/browser/run, which starts the server.
"""

import base64
import json
import os
import secrets
import time
import unittest
import urllib.error
import urllib.request
from contextlib import contextmanager

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ["TRIP_PLANNER_URL"]
SCREENSHOTS = os.environ["SCREENSHOTS"]
TILE_SERVER = "https://tile.openstreetmap.org/"
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
WAIT = 10


def api(method, path, token=None, body=None, headers=None, basic=None):
    """(status, headers, parsed body) of one request to the server, bypassing the page."""
    request = urllib.request.Request(BASE + path, method=method, headers=dict(headers or {}))
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if basic:
        request.add_header("Authorization", "Basic " + base64.b64encode(":".join(basic).encode()).decode())
    if body is not None:
        request.add_header("Content-Type", "application/json")
        request.data = json.dumps(body).encode()
    try:
        response = urllib.request.urlopen(request)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        data = response.read()
        is_json = response.headers.get("Content-Type", "").startswith("application/json")
        return response.status, response.headers, json.loads(data) if data and is_json else data


class WebAppTest(unittest.TestCase):
    timings = []

    @classmethod
    def setUpClass(cls):
        options = Options()
        options.binary_location = "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--window-size=1280,1000", "--lang=en-GB", "--no-first-run", "--disable-extensions"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        cls.driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
        cls.driver.set_page_load_timeout(30)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        width = max(len(name) for name, _ in cls.timings) if cls.timings else 0
        lines = [f"{name:<{width}}  {seconds:6.2f} s" for name, seconds in cls.timings]
        lines.append(f"{'total':<{width}}  {sum(seconds for _, seconds in cls.timings):6.2f} s")
        report = "\n".join(lines)
        with open(os.path.join(SCREENSHOTS, "timings.txt"), "w") as timings:
            timings.write(report + "\n")
        print("\nBrowser suite timings:\n" + report)

    # Helpers

    def wait(self, condition, timeout=WAIT):
        return WebDriverWait(self.driver, timeout).until(condition)

    def wait_for_title(self, title):
        self.wait(EC.title_is(f"{title} · Trip Planner"))

    def go(self, fragment):
        self.driver.get(f"{BASE}/app/{fragment}")

    def find(self, selector):
        return self.wait(EC.visibility_of_element_located((By.CSS_SELECTOR, selector)))

    def type_into(self, selector, text):
        element = self.find(selector)
        element.clear()
        element.send_keys(text)
        return element

    def token(self):
        return self.driver.execute_script("return sessionStorage.getItem('trip-planner.token')")

    def console_errors(self, allowed=()):
        """Errors the browser logged since the last call, less failed map tiles (no network
        in a test machine is normal) and the `allowed` substrings this step expects."""
        errors = []
        for entry in self.driver.get_log("browser"):
            message = entry["message"]
            if entry["level"] not in ("SEVERE", "ERROR"):
                continue
            if entry.get("source") == "network" and TILE_SERVER in message:
                continue
            if any(expected in message for expected in allowed):
                continue
            errors.append(message)
        return errors

    @contextmanager
    def step(self, name, allowed_errors=()):
        """Times a step, screenshots its final page, and checks the console and the URL."""
        start = time.monotonic()
        try:
            yield
        finally:
            self.timings.append((name, time.monotonic() - start))
            self.driver.save_screenshot(os.path.join(SCREENSHOTS, f"{len(self.timings):02d}-{name}.png"))
        self.assertEqual(self.console_errors(allowed_errors), [], f"browser console errors in step {name}")
        self.assertNotAllowed(self.driver.current_url)

    def assertNotAllowed(self, url):
        for secret in (self.password, self.token() or self.last_token):
            if secret:
                self.assertNotIn(secret, url, "a secret in the URL")

    def assert_no_alert(self):
        try:
            alert = self.driver.switch_to.alert
        except NoAlertPresentException:
            return
        text = alert.text
        alert.dismiss()
        self.fail(f"a script ran: alert {text!r}")

    def assert_labelled(self):
        unlabelled = self.driver.execute_script("""
            return [...document.querySelectorAll('input, select, textarea')]
              .filter((field) => field.type !== 'hidden' && field.labels.length === 0 && !field.getAttribute('aria-label'))
              .map((field) => field.id || field.name);""")
        self.assertEqual(unlabelled, [], "form fields without a label")

    def canvas_drawn(self, canvas_id):
        return self.driver.execute_script("""
            const canvas = document.getElementById(arguments[0]);
            if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            for (let index = 3; index < pixels.length; index += 4) if (pixels[index] !== 0) return true;
            return false;""", canvas_id)

    # The story

    username = "web_" + secrets.token_hex(6)
    password = "pw " + secrets.token_urlsafe(12)
    last_token = None

    def test_a_person_uses_the_companion(self):
        driver = self.driver

        with self.step("sign-in-form"):
            self.go("")
            self.wait_for_title("Sign in")
            self.assert_labelled()
            self.assertFalse(driver.find_element(By.ID, "nav").is_displayed(), "no navigation before signing in")
            headers = api("GET", "/app/")[1]
            self.assertIn("script-src 'self'", headers["Content-Security-Policy"])
            self.assertEqual(headers["X-Content-Type-Options"], "nosniff")

        with self.step("sign-up"):
            driver.find_element(By.LINK_TEXT, "Sign up").click()
            self.wait_for_title("Sign up")
            self.assert_labelled()
            self.type_into("#username", self.username)
            self.type_into("#password", self.password)
            self.find("button[type=submit]").click()
            self.wait_for_title("Your trips")
            self.assertEqual(self.find("#who").text, f"Signed in as {self.username}")
            self.last_token = self.token()
            self.assertTrue(self.last_token, "a session token for the tab")
            stored = driver.execute_script("return JSON.stringify({...sessionStorage, ...localStorage})")
            self.assertNotIn(self.password, stored, "the password is never kept")

        with self.step("sign-out-and-in-with-the-keyboard"):
            self.find("#sign-out").click()
            self.wait_for_title("Sign in")
            self.assertIsNone(self.token())
            # The username field has the focus; the rest is typing.
            ActionChains(driver).send_keys(self.username, Keys.TAB, self.password, Keys.ENTER).perform()
            self.wait_for_title("Your trips")
            self.last_token = self.token()
            status, _, user = api("GET", "/users", token=self.last_token)
            self.assertEqual((status, user["username"]), (200, self.username))

        with self.step("new-trip-by-clicking-the-map"):
            self.find("#new-trip").click()
            self.wait_for_title("New trip")
            self.assert_labelled()
            self.type_into("#trip-name", "Clicked together")
            leaflet_map = self.find("#editor-map")
            for dx, dy in ((-150, -60), (0, 40), (150, -20)):
                ActionChains(driver).move_to_element_with_offset(leaflet_map, dx, dy).click().perform()
            self.wait(lambda _: len(driver.find_elements(By.CSS_SELECTOR, "#waypoint-editor > li")) == 3)
            self.assertEqual(len(driver.find_elements(By.CSS_SELECTOR, "#editor-map .waypoint-marker")), 3)

        with self.step("rename-and-reorder-a-waypoint"):
            self.type_into("#waypoint-name-1", "Renamed stop")
            self.find("#move-up-1").click()
            self.assertEqual(self.find("#waypoint-name-0").get_attribute("value"), "Renamed stop")
            self.assertEqual(self.find("#waypoint-name-1").get_attribute("value"), "Waypoint 1")

        with self.step("trip-saved-with-its-route"):
            self.find("#save-trip").click()
            self.wait_for_title("Clicked together")
            trip_id = driver.current_url.rsplit("/", 1)[-1]
            self.assertRegex(trip_id, "^[0-9a-f]{24}$")
            status, headers, trip = api("GET", f"/trips/{trip_id}", token=self.last_token)
            self.assertEqual(status, 200)
            self.assertEqual([waypoint["name"] for waypoint in trip["waypoints"]], ["Renamed stop", "Waypoint 1", "Waypoint 3"])
            self.assertGreater(trip["distance_km"], 0)
            markers = driver.find_elements(By.CSS_SELECTOR, "#trip-map .waypoint-marker")
            self.assertEqual([marker.text for marker in markers], ["1", "2", "3"])
            self.assertEqual(len(driver.find_elements(By.CSS_SELECTOR, "#trip-map path.leaflet-interactive")), 1, "one line")
            first_stop = driver.find_element(By.CSS_SELECTOR, "#waypoint-list li:first-child a")
            self.assertEqual(first_stop.text, "Renamed stop")

        with self.step("conflict-reported", allowed_errors=(f"/trips/{trip_id} - Failed to load resource: the server responded with a status of 412",)):
            self.find("#edit-trip").click()
            self.wait_for_title("Edit Clicked together")
            self.type_into("#trip-name", "My change")
            status, _, _ = api("PATCH", f"/trips/{trip_id}", token=self.last_token, body={"name": "Their change"})
            self.assertEqual(status, 200)
            self.find("#save-trip").click()
            conflict = self.find("#conflict")
            self.assertIn("changed elsewhere", conflict.text)
            self.assertEqual(api("GET", f"/trips/{trip_id}", token=self.last_token)[2]["name"], "Their change", "nothing overwritten")

        with self.step("conflict-reloaded"):
            self.find("#reload-trip").click()
            self.wait_for_title("Edit Their change")
            self.assertEqual(self.find("#trip-name").get_attribute("value"), "Their change")

        with self.step("hostile-name-is-text"):
            status, _, hostile = api("POST", "/trips", token=self.last_token, body={
                "name": HOSTILE_NAME, "waypoints": [{"name": HOSTILE_NAME, "latitude": 48.85, "longitude": 2.35}]})
            self.assertEqual(status, 201)
            self.go("#/trips")
            self.wait_for_title("Your trips")
            link = self.find(f"a[href='#/trips/{hostile['_id']}']")
            self.assertEqual(link.text, HOSTILE_NAME)
            self.assertFalse(driver.find_element(By.ID, "more-trips").is_displayed(), "two trips fit on one page")
            self.go(f"#/trips/{hostile['_id']}")
            self.wait_for_title(HOSTILE_NAME)
            self.assertEqual(self.find("h1").text, HOSTILE_NAME)
            self.assertEqual(driver.find_elements(By.CSS_SELECTOR, "main img[src='x'], .leaflet-marker-pane img[src='x']"), [])
            time.sleep(0.3)
            self.assert_no_alert()

        with self.step("places"):
            self.find("a[href='#/places']").click()
            self.wait_for_title("Places")
            rows = driver.find_elements(By.CSS_SELECTOR, "#place-table tbody tr")
            names = [row.find_element(By.CSS_SELECTOR, "th").text for row in rows]
            self.assertCountEqual(names, ["Renamed stop", "Waypoint 1", "Waypoint 3", HOSTILE_NAME])
            self.assertEqual(len(driver.find_elements(By.CSS_SELECTOR, "#places-map .place-marker")), 4)

        with self.step("trips-through-a-place"):
            driver.find_element(By.LINK_TEXT, "Renamed stop").click()
            self.wait_for_title("Trips through Renamed stop")
            # The title comes before the list, which arrives with the page of trips.
            self.find("#trip-list li > a")
            titles = [link.text for link in driver.find_elements(By.CSS_SELECTOR, "#trip-list li > a")]
            self.assertEqual(titles, ["Their change"])

        with self.step("dashboard"):
            self.find("a[href='#/dashboard']").click()
            self.wait_for_title("Dashboard")
            self.assertEqual(self.find("#total-trips").text, "2")
            for canvas in ("chart-trips", "chart-completed", "chart-distance"):
                self.wait(lambda _: self.canvas_drawn(canvas), timeout=WAIT)

        with self.step("delete-with-confirmation"):
            self.go(f"#/trips/{hostile['_id']}")
            self.wait_for_title(HOSTILE_NAME)
            self.find("#delete-trip").click()
            self.find("#confirm-delete").click()
            self.wait_for_title("Your trips")
            self.assertEqual(api("GET", f"/trips/{hostile['_id']}", token=self.last_token)[0], 404)
            self.find("#trip-list li > a")
            self.assertEqual([link.text for link in driver.find_elements(By.CSS_SELECTOR, "#trip-list li > a")], ["Their change"])

        with self.step("wrong-password-refused", allowed_errors=("/sessions - Failed to load resource: the server responded with a status of 401",)):
            token = self.token()
            driver.execute_script("sessionStorage.clear()")
            self.go("#/signin")
            self.driver.refresh()
            self.wait_for_title("Sign in")
            ActionChains(driver).send_keys(self.username, Keys.TAB, "not the password", Keys.ENTER).perform()
            self.wait(EC.text_to_be_present_in_element((By.ID, "status"), "Wrong username or password."))
            self.assertIsNone(self.token())
            driver.execute_script("sessionStorage.setItem('trip-planner.token', arguments[0])", token)
            driver.execute_script("sessionStorage.setItem('trip-planner.username', arguments[0])", self.username)

        with self.step("phone-sized-trips"):
            driver.set_window_size(390, 844)
            self.go("#/trips")
            self.wait_for_title("Your trips")
            self.assertLessEqual(driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth"), 0,
                                 "no sideways scrolling on a phone")

        with self.step("phone-sized-editor"):
            self.go(f"#/trips/{trip_id}/edit")
            self.wait_for_title("Edit Their change")
            self.assertLessEqual(driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth"), 0)

        with self.step("signed-out"):
            driver.set_window_size(1280, 1000)
            token = self.token()
            self.go("#/trips")
            self.wait_for_title("Your trips")
            self.find("#sign-out").click()
            self.wait_for_title("Sign in")
            self.assertIsNone(self.token())
            status, headers, body = api("GET", "/trips", token=token)
            self.assertEqual(status, 401, "the session ended on the server")
            self.assertEqual(body["error"]["code"], "unauthorized")


if __name__ == "__main__":
    unittest.main()
