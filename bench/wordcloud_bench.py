"""Seconds per word-cloud render at 1600x900 for a realistic 500-term zh+en frequency dict.

    python3 bench/wordcloud_bench.py [--repeat 3] [--out DIR]

Compares the baseline (``wordcloud`` defaults at full resolution) with the shipped settings and a
few alternatives. Each figure is the median of ``--repeat`` full ``render_wordcloud`` calls
(layout + drawing + JPEG encode + atomic write), after one warm-up render (imports, font cache).
Use ``--out`` to keep the JPEGs and compare quality by eye.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from random import Random

from tweetbrief.render.fonts import resolve_cjk_font
from tweetbrief.render.wordcloud import BASELINE_STYLE, DEFAULT_STYLE, CloudStyle, render_wordcloud

__all__ = ["realistic_freqs", "main"]

_ZH = (
    "人工智能 英伟达 芯片 大模型 算力 显卡 台积电 半导体 数据中心 美股 股价 市值 财报 营收 利润 "
    "投资者 华尔街 估值 泡沫 降息 美联储 通胀 关税 出口管制 中国 美国 日本 欧洲 监管 政策 开源 "
    "闭源 推理 训练 参数 基准 性能 功耗 服务器 云计算 微软 谷歌 苹果 亚马逊 特斯拉 马斯克 黄仁勋 "
    "奥特曼 机器人 自动驾驶 智能手机 供应链 产能 先进制程 光刻机 阿斯麦 存储 内存 带宽 网络 交换机 "
    "以太网 液冷 电力 能源 核电 数据 隐私 安全 漏洞 黑客 版权 诉讼 法院 裁员 招聘 工程师 程序员 "
    "创业 融资 独角兽 上市 收购 合并 竞争 垄断 市场份额 用户 增长 订阅 广告 收入 成本 价格 涨价 "
    "降价 折扣 发布会 新品 路线图 架构 生态 开发者 工具链 编译器 框架 模型权重 微调 对齐 幻觉 "
    "智能体 多模态 视频生成 图像生成 语音 翻译 搜索引擎 浏览器 操作系统 手机 电脑 笔记本 平板 "
    "游戏 元宇宙 区块链 比特币 以太坊 加密货币 交易所 稳定币 央行 人民币 美元 汇率 国债 收益率 "
    "经济 衰退 就业 失业率 消费 零售 房地产 基建 制造业 出口 进口 贸易战 制裁 地缘政治 台湾 韩国 "
    "三星 海力士 英特尔 超威 高通 联发科 华为 小米 字节跳动 腾讯 阿里巴巴 百度 京东 拼多多 美团 "
    "深度求索 月之暗面 智谱 通义千问 文心一言 豆包 开发板 边缘计算 物联网 卫星 星链 火箭 航天 "
    "量子计算 超算 算法 论文 研究 实验室 大学 学生 教育 医疗 药物 基因 生物 气候 碳排放 电动车 "
    "电池 锂矿 充电桩 新能源 光伏 风电 储能 电网 铜价 黄金 原油 期货 期权 做空 做多 散户 机构 "
    "基金 回购 分红 指数 纳斯达克 标普 道琼斯 恒生 港股 A股 牛市 熊市 抄底 割肉 韭菜 信心 恐慌 "
    "情绪 预期 共识 分歧 观点 评论 转发 点赞 热搜 话题 社区 网友 博主 媒体 记者 新闻 谣言 辟谣 "
    "端侧 推理芯片 训练集群 万卡 国产替代 信创 鸿蒙 昇腾 寒武纪 中芯国际 北方华创 长江存储 "
    "合肥 深圳 上海 北京 杭州 硅谷 白宫 国会 特朗普 拜登 选举 关税战 反垄断 欧盟 英国 印度 "
    "越南 墨西哥 加拿大 东南亚 中东 沙特 石油 天然气 铁矿石 稀土 镓 锗 封装 良率 晶圆 "
    "代工 设计 软件 硬件 开源社区 大厂 中小企业 打工人 内卷 躺平 焦虑 机会 风险 趋势 未来"
).split()

_EN = (
    "AI NVIDIA GPU H100 B200 Blackwell CUDA TSMC AMD Intel ARM Apple Google Microsoft Meta Amazon "
    "OpenAI Anthropic ChatGPT GPT-5 Claude Gemini Llama DeepSeek Mistral Grok xAI Tesla SpaceX "
    "Starlink Musk Altman Jensen earnings revenue guidance margin capex datacenter inference "
    "training tokens benchmark latency throughput open-source weights fine-tuning RLHF agents "
    "multimodal video reasoning compute power grid chips export controls tariffs China Taiwan "
    "semiconductor foundry HBM memory DRAM NAND packaging CoWoS EUV ASML Samsung Hynix Micron "
    "Broadcom Qualcomm Oracle CoreWeave Azure AWS GCP cloud startup funding valuation IPO "
    "acquisition antitrust FTC DOJ EU regulation copyright lawsuit privacy security breach "
    "Bitcoin Ethereum crypto ETF stablecoin Fed rates inflation CPI jobs recession bubble rally "
    "selloff bullish bearish SPY QQQ NASDAQ S&P500 Dow yields dollar yuan gold oil energy nuclear "
    "solar battery EV robotaxi Waymo robotics humanoid Optimus drones satellites quantum research "
    "paper arXiv GitHub Python Rust PyTorch JAX TPU Trainium MI300 Gaudi Nvidia shortage supply "
    "demand pricing subscription users growth layoffs hiring engineers developers API SDK "
    "hallucination alignment safety AGI scaling laws distillation MoE context window RAG search "
    "browser smartphone laptop iPhone Android Windows Linux gaming Switch consoles streaming "
    "YouTube TikTok ByteDance Tencent Alibaba Baidu Huawei Xiaomi BYD CATL sanctions geopolitics"
).split()


def realistic_freqs(n: int = 500, seed: int = 7) -> dict[str, float]:
    """*n* distinct zh+en terms (about 55% Chinese) with Zipf-like weights, deterministic."""
    rng = Random(seed)
    terms = list(dict.fromkeys([*_ZH, *_EN]))
    rng.shuffle(terms)
    terms = terms[:n]
    # Zipf (s~1) with a little noise, as counts of a week of tweets look.
    return {
        t: round(5000.0 / (i + 1) ** 1.05 * rng.uniform(0.9, 1.1), 3) for i, t in enumerate(terms)
    }


def _time_style(
    freqs: dict[str, float], font: Path, style: CloudStyle, out: Path, repeat: int
) -> float:
    render_wordcloud(freqs, out, font=font, style=style)  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        render_wordcloud(freqs, out, font=font, style=style)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


_COLD_SCRIPT = """
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, {bench_dir!r})
from wordcloud_bench import realistic_freqs
from tweetbrief.render import wordcloud as wc
wc.render_wordcloud(realistic_freqs(), {out!r}, style=getattr(wc, {style!r}))
print(time.perf_counter() - t0)
"""


def _time_cold(style_name: str, out: Path) -> float:
    """One render in a fresh interpreter (imports wordcloud/matplotlib, resolves the font)."""
    code = _COLD_SCRIPT.format(bench_dir=str(Path(__file__).parent), out=str(out), style=style_name)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="keep the JPEGs here")
    parser.add_argument("--font", default=None, help="font path (default: resolve_cjk_font())")
    args = parser.parse_args(argv)

    font = resolve_cjk_font(args.font)
    freqs = realistic_freqs()
    zh = sum(1 for t in freqs if any("\u4e00" <= c <= "\u9fff" for c in t))
    print(f"font: {font}")
    print(f"terms: {len(freqs)} ({zh} Chinese, {len(freqs) - zh} English), canvas 1600x900")

    variants: list[tuple[str, CloudStyle]] = [
        ("before: wordcloud defaults, scale=1", BASELINE_STYLE),
        ("after:  shipped DEFAULT_STYLE (scale=2, min_font_size=5)", DEFAULT_STYLE),
        ("alt:    scale=2, min_font_size=4", replace(DEFAULT_STYLE, min_font_size=4)),
        ("alt:    scale=2, font_step=2", replace(DEFAULT_STYLE, font_step=2)),
        ("alt:    scale=3, min_font_size=4", replace(DEFAULT_STYLE, scale=3.0, min_font_size=4)),
        ("alt:    scale=1, max_words=120", replace(BASELINE_STYLE, max_words=120)),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.out or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        for i, (label, style) in enumerate(variants):
            out = out_dir / f"cloud_{i}.jpg"
            secs = _time_style(freqs, font, style, out, args.repeat)
            print(f"{secs:6.2f} s/render  {out.stat().st_size / 1024:6.0f} KiB  {label}")
        for name in ("BASELINE_STYLE", "DEFAULT_STYLE"):
            secs = _time_cold(name, out_dir / f"cold_{name}.jpg")
            print(f"{secs:6.2f} s cold    (fresh process: imports + font lookup + render)  {name}")


if __name__ == "__main__":
    main()
