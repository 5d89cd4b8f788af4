/**
 * Type declarations for kshare, a drop-in replacement for the share module of the Kakao
 * JavaScript SDK 2.7.4 (`Kakao.Share`), loaded with `<script src=".../kshare.js">`.
 *
 * This is a global declaration file (no import or export): add it to a project's
 * `files`/`include`, or reference it with `/// <reference path="kakao-share.d.ts" />`.
 * It declares the value `Kakao` (so also `window.Kakao` and `globalThis.Kakao`), the
 * namespace `Kakao` of its types (`Kakao.FeedSettings`, `Kakao.KakaoError`, ...) and
 * `window.kakaoAsyncInit`. Page scripts and ES modules use it the same way.
 *
 * Errors. Once the engine is ready, a call with invalid settings throws a `KakaoError`
 * synchronously, its message starting with the official SDK's text (and
 * `params should be an Object` is a plain `Error`, as in the official SDK). A Promise
 * returned by kshare is a native Promise and rejects with a `KakaoError`.
 */

declare namespace Kakao {
  /** The object behind `window.Kakao`. It exists as soon as kshare.js has run. */
  interface Static {
    /** The Kakao SDK version kshare implements, e.g. `"2.7.4"` (`"0.0.0-dev"` unbuilt). */
    readonly VERSION: string;
    /**
     * Stores the app's JavaScript key. Throws `Kakao.init: Already initialized` when a
     * key is stored, and `Kakao.init: App key must be provided` when `appKey` is not a
     * string. No format check: Kakao's servers answer a bad key.
     */
    init(appKey: string): void;
    /**
     * Whether a key is stored (before the engine is ready: whether `init` was queued
     * last; `false` once the engine could not be loaded). Never throws.
     */
    isInitialized(): boolean;
    /** Unbinds every button made by `create*Button` and forgets the key. `init` may follow. */
    cleanup(): void;
    /**
     * Resolves once the engine (kshare.wasm) runs. Rejects with a `KakaoError` of code
     * `"engine-unavailable"` when it cannot be loaded (the message names the file and
     * why: an HTTP error, the network or CORS, a file that does not match its
     * integrity) or is not ready within `data-timeout` (15 s by default); then every
     * call fails with that error. Calls made before it resolves are queued and run in
     * order.
     */
    readonly ready: Promise<void>;
    /** Kakao Talk sharing. Exists before `init`; its functions throw until `init`. */
    readonly Share: Share;
    /**
     * The same object as `Share`, for pages written for SDK v1.
     * @deprecated Use `Kakao.Share`; the first call through `Link` prints a warning.
     */
    readonly Link: Share;
  }

  /** `Kakao.Share`. Every function validates the whole settings object first. */
  interface Share {
    /**
     * Shares a default template (feed, list, location, commerce, text, calendar).
     * Throws a `KakaoError` for invalid settings. The promise resolves once the share is
     * dispatched (sharer popup posted, or KakaoTalk launched) and rejects when it fails
     * (popup blocked, Kakao's error answer, message too large, network).
     */
    sendDefault(settings: DefaultSettings): Promise<ShareDispatch>;
    /**
     * Validates like `sendDefault`, then makes `settings.container` share on click.
     * Throws a `KakaoError` for invalid settings or a missing container; then nothing is bound.
     */
    createDefaultButton(settings: DefaultSettings & ButtonSettings): void;
    /** Shares a message template made in the developer console. Same outcomes as `sendDefault`. */
    sendCustom(settings: CustomSettings): Promise<ShareDispatch>;
    /** `sendCustom` bound to a click on `settings.container`. Throws like `createDefaultButton`. */
    createCustomButton(settings: CustomSettings & ButtonSettings): void;
    /** Shares a web page scraped by Kakao (Open Graph). Same outcomes as `sendDefault`. */
    sendScrap(settings: ScrapSettings): Promise<ShareDispatch>;
    /** `sendScrap` bound to a click on `settings.container`. Throws like `createDefaultButton`. */
    createScrapButton(settings: ScrapSettings & ButtonSettings): void;
    /**
     * Uploads images to Kakao's image server for use in templates. Rejects files that are
     * not images or are over 5 MB before sending; Kakao keeps the images 100 days.
     */
    uploadImage(settings: ImageUploadSettings): Promise<ImageUploadResult>;
    /** Has Kakao's image server fetch and keep an image from a URL. */
    scrapImage(settings: ImageUrlSettings): Promise<ImageUploadResult>;
    /** Deletes an image uploaded or scraped before; resolves with Kakao's answer. */
    deleteImage(settings: ImageUrlSettings): Promise<unknown>;
    /** Unbinds every button made by `create*Button`. */
    cleanup(): void;
  }

  /**
   * What `send*` resolve with once the share is dispatched: `"web-sharer"` when the
   * sharer popup was posted (desktop), `"talk"` when KakaoTalk was launched (mobile).
   */
  interface ShareDispatch {
    path: 'web-sharer' | 'talk';
    /** The address kshare opened or navigated to, when it has one to report. */
    url?: string;
  }

  /**
   * The error kshare throws or rejects with. `instanceof Error` holds.
   * `code` is a stable kebab-case string for errors raised by kshare (e.g.
   * `"missing-keys"`, `"popup-blocked"`, `"form-blocked"` when the page's
   * Content-Security-Policy refuses the sharer form, `"too-large"` or
   * `"unserializable-value"` for arguments kshare cannot read, `"reentrant-call"`,
   * `"engine-unavailable"`, `"engine-stopped"`), or Kakao's numeric code (e.g. `-401`)
   * for errors answered by Kakao's servers, whose own text is then in `msg` and the HTTP
   * status in `status`.
   */
  interface KakaoError extends Error {
    name: 'KakaoError';
    code: string | number;
    /** Dotted path of the setting at fault (`"content.link.webUrl"`), `""` when none. */
    field: string;
    msg?: string;
    status?: number;
  }

  /** Settings shared by the six `send*` / `create*Button` functions. */
  interface CommonSettings {
    /** Mobile: open the store when KakaoTalk is missing (Android: pin the intent to KakaoTalk). Default `false`. */
    installTalk?: boolean;
    /** `false` forces the web sharer even on phones. Default `true`. */
    throughTalk?: boolean;
    /**
     * Sent back in the share webhook to the service's server: an object, or a string
     * `JSON.parse` accepts. The keys `CHAT_TYPE`, `HASH_CHAT_ID`, `TEMPLATE_ID` are refused.
     */
    serverCallbackArgs?: string | object;
    /** Merged into the `extras` of the KakaoTalk link on mobile. */
    extras?: Record<string, unknown>;
    /** The share-target selection screen. */
    pickerSettings?: PickerSettings;
    /**
     * SDK v1's callback of a share that went through: on the KakaoTalk path with Kakao's
     * `{template_msg, warning_msg, argument_msg}`, once KakaoTalk was launched.
     * @deprecated Use the Promise that `send*` returns (`then`); the first use prints a warning.
     */
    success?: (result: LegacyResult) => void;
    /**
     * SDK v1's callback of a share that failed, with the error: a `KakaoError`, or, in
     * Safari on an iPhone when Kakao has not answered within 10 s, v1's
     * `{error: "timeout", error_description: "LINK_TIMEOUT"}`.
     * @deprecated Use the Promise that `send*` returns (`catch`); the first use prints a warning.
     */
    fail?: (error: KakaoError | LegacyTimeout) => void;
    /**
     * SDK v1's callback after `success` or `fail`, with the same value.
     * @deprecated Use the Promise that `send*` returns (`finally`); the first use prints a warning.
     */
    always?: (resultOrError: LegacyResult | KakaoError | LegacyTimeout) => void;
    /**
     * SDK v1's callback on a computer, called each time the web sharer reports the
     * message sent.
     * @deprecated Use `serverCallbackArgs` and the share webhook; the first use prints a warning.
     */
    callback?: () => void;
  }

  /** What SDK v1's `fail` and `always` receive when Kakao did not answer in time (iPhone Safari). */
  interface LegacyTimeout {
    error: 'timeout';
    error_description: 'LINK_TIMEOUT';
  }

  /** What SDK v1's `success` and `always` receive on the KakaoTalk path: Kakao's validation answer. */
  interface LegacyResult {
    template_msg: object;
    warning_msg: object;
    argument_msg: object;
  }

  interface PickerSettings {
    /** Which targets to offer. */
    type?: 'full' | 'friend' | 'chat';
    /** At most how many targets may be picked: a positive integer. */
    limit?: number;
  }

  /** Settings of `create*Button`, on top of the template's. */
  interface ButtonSettings {
    /** The element, or a CSS selector (`"#share"`) of the element, that shares on click. */
    container: string | Element;
  }

  /** Where a click on the message leads. Kakao needs at least one (server-side). */
  interface Link {
    webUrl?: string;
    mobileWebUrl?: string;
    /** Query string handed to the Android app (`key1=value1&key2=value2`). */
    androidExecutionParams?: string;
    /** Query string handed to the iOS app. */
    iosExecutionParams?: string;
    /**
     * SDK v1's name of `androidExecutionParams` (sent under the new name).
     * @deprecated Use `androidExecutionParams`; the first use prints a warning.
     */
    androidExecParams?: string;
    /**
     * SDK v1's name of `iosExecutionParams` (sent under the new name).
     * @deprecated Use `iosExecutionParams`; the first use prints a warning.
     */
    iosExecParams?: string;
  }

  /** The main block of a message. Only `link` is required. */
  interface Content {
    title?: string;
    imageUrl?: string;
    /** Integer, pixels. */
    imageWidth?: number;
    /** Integer, pixels. */
    imageHeight?: number;
    description?: string;
    link: Link;
  }

  /** A button under the message. */
  interface Button {
    title: string;
    link: Link;
  }

  /** Counters shown under the message; integers. */
  interface Social {
    likeCount?: number;
    commentCount?: number;
    sharedCount?: number;
    viewCount?: number;
    subscriberCount?: number;
  }

  /** One row of `ItemContent.items`: a label and its value. */
  interface Item {
    item: string;
    itemOp: string;
  }

  /** The profile, title image and item rows of a feed message. */
  interface ItemContent {
    profileText?: string;
    profileImageUrl?: string;
    titleImageUrl?: string;
    titleImageText?: string;
    titleImageCategory?: string;
    /** At most 5. */
    items?: Item[];
    sum?: string;
    sumOp?: string;
  }

  /** The price block of a commerce message; amounts are integers. */
  interface Commerce {
    regularPrice: number;
    discountPrice?: number;
    discountRate?: number;
    fixedDiscountPrice?: number;
    /** Default `"원"`. */
    currencyUnit?: string;
    /** `0`: the unit after the price (default), `1`: before. */
    currencyUnitPosition?: 0 | 1;
    productName?: string;
  }

  /** Fields of the default templates that take buttons. */
  interface WithButtons {
    /** Title of the single default button. */
    buttonTitle?: string;
    /** At most 2. */
    buttons?: Button[];
  }

  interface FeedSettings extends CommonSettings, WithButtons {
    objectType: 'feed';
    content: Content;
    itemContent?: ItemContent;
    social?: Social;
  }

  interface ListSettings extends CommonSettings, WithButtons {
    objectType: 'list';
    headerTitle: string;
    headerLink: Link;
    /** 2 or 3. */
    contents: Content[];
  }

  interface LocationSettings extends CommonSettings, WithButtons {
    objectType: 'location';
    content: Content;
    address: string;
    addressTitle?: string;
    social?: Social;
  }

  interface CommerceSettings extends CommonSettings, WithButtons {
    objectType: 'commerce';
    content: Content;
    commerce: Commerce;
  }

  interface TextSettings extends CommonSettings, WithButtons {
    objectType: 'text';
    /** At most 200 characters are shown. */
    text: string;
    link: Link;
  }

  interface CalendarSettings extends CommonSettings {
    objectType: 'calendar';
    idType: 'event' | 'calendar';
    /** The Talk Calendar's event or public calendar id. */
    id: string;
    content: Content;
    /** At most 2. */
    buttons?: Button[];
  }

  /** The settings of `sendDefault`, told apart by `objectType`. */
  type DefaultSettings =
    | FeedSettings
    | ListSettings
    | LocationSettings
    | CommerceSettings
    | TextSettings
    | CalendarSettings;

  interface CustomSettings extends CommonSettings {
    /** The template's id in the developer console; an integer. */
    templateId: number;
    /** Values of the template's `${name}` arguments. */
    templateArgs?: Record<string, unknown>;
  }

  interface ScrapSettings extends CommonSettings {
    /** The page to scrape; its domain must be registered for the app. */
    requestUrl: string;
    /** A message template to lay the scraped data out with; an integer. */
    templateId?: number;
    templateArgs?: Record<string, unknown>;
  }

  interface ImageUploadSettings {
    /** The images: an `<input type=file>`'s `files`, or an array of them, or one file. */
    file: FileList | File[] | File | Blob[];
  }

  interface ImageUrlSettings {
    imageUrl: string;
  }

  /** Kakao's answer to `uploadImage` and `scrapImage`. */
  interface ImageUploadResult {
    infos: {
      original: ImageInfo;
    };
  }

  interface ImageInfo {
    /** Where Kakao serves the image; use it as a template's `imageUrl`. */
    url: string;
    /** Size in bytes. */
    length: number;
    content_type: string;
    width: number;
    height: number;
  }
}

/** The Kakao SDK facade defined by kshare.js. */
declare var Kakao: Kakao.Static;

interface Window {
  /** Called once, from a timer, when the engine is ready or failed to load. */
  kakaoAsyncInit?: () => void;
}
