package com.labelpush.system;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;

import com.labelpush.testsupport.AppProcess;
import com.labelpush.system.support.Gateways;
import com.labelpush.system.support.LabelApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo pages in a real headless Chromium: the admin page served by label-api writes
 * labels, the camera view served by push-gateway shows them live.
 */
class DemoPagesBrowserTests {

	private static final File CHROMIUM = new File("/usr/bin/chromium");

	private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

	private static LabelApi api;

	private static AppProcess gateway;

	private WebDriver browser;

	private WebDriverWait wait;

	@BeforeAll
	static void startSystem() throws Exception {
		assertThat(CHROMIUM.canExecute()).as("%s (apt-get install chromium chromium-driver)", CHROMIUM).isTrue();
		assertThat(CHROMEDRIVER.canExecute()).as("%s (apt-get install chromium chromium-driver)", CHROMEDRIVER)
			.isTrue();
		int gatewayPort = AppProcess.freePort();
		// the camera view reloads labels from label-api: a cross-origin call
		api = LabelApi.start("labels.web.cors-allowed-origins=http://127.0.0.1:" + gatewayPort);
		gateway = Gateways.start(gatewayPort, "demo-" + suffix(), api);
	}

	@AfterAll
	static void stopSystem() throws Exception {
		gateway.close();
		api.close();
	}

	@BeforeEach
	void openBrowser() throws Exception {
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
					"--disable-sync", "--user-data-dir=" + Files.createTempDirectory("chromium"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
		this.wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
	}

	@AfterEach
	void closeBrowser() {
		this.browser.quit();
	}

	@Test
	void shouldShowALabelCreatedMovedAndDeletedOnTheAdminPageLiveInTheCameraView() {
		String camera = "demo-" + suffix();
		String name = "door " + suffix();
		this.browser.get(api.baseUrl() + "/#key=" + LabelApi.ADMIN_KEY + "&camera=" + camera + "&gateway="
				+ "http://127.0.0.1:" + gateway.port());
		String admin = this.browser.getWindowHandle();

		click("openView");
		WebElement link = this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("viewLink")));
		String viewUrl = link.getAttribute("href");
		this.browser.switchTo().newWindow(WindowType.TAB).get(viewUrl);
		String view = this.browser.getWindowHandle();
		this.wait.until(ExpectedConditions.textToBe(By.id("state"), "open"));

		this.browser.switchTo().window(admin);
		type("name", name);
		type("x", "600");
		type("y", "400");
		click("create");
		this.browser.switchTo().window(view);
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("labels"), name + " (600, 400)"));

		this.browser.switchTo().window(admin);
		WebElement row = this.wait.until(ExpectedConditions.presenceOfElementLocated(adminRow(name, 1)));
		WebElement x = row.findElement(By.className("x"));
		x.clear();
		x.sendKeys("800");
		row.findElement(By.className("move")).click();
		this.browser.switchTo().window(view);
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("labels"), name + " (800, 400)"));

		// the admin page re-renders its table once the move is stored: act on the new row
		this.browser.switchTo().window(admin);
		this.wait.until(ExpectedConditions.presenceOfElementLocated(adminRow(name, 2)))
			.findElement(By.className("delete"))
			.click();
		this.browser.switchTo().window(view);
		this.wait.until(ExpectedConditions.textToBe(By.id("lastSeq"), "3"));
		assertThat(this.browser.findElement(By.id("labels")).getText()).doesNotContain(name);
	}

	private static By adminRow(String name, long version) {
		return By.xpath("//tr[td[@class='name' and text()='" + name + "'] and td[@class='version' and text()='"
				+ version + "']]");
	}

	private void click(String id) {
		this.browser.findElement(By.id(id)).click();
	}

	private void type(String id, String text) {
		WebElement input = this.browser.findElement(By.id(id));
		input.clear();
		input.sendKeys(text);
	}

	private static String suffix() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
